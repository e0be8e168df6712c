package org.lmlab.magics.spark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.scaleout.ScaleOut;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %spark connect|status|stop}: the session's Apache Spark connection (issue 21; logic in the spark module,
 * reached through {@link SparkService}). Work goes to it with {@code --on spark} ({@code %scaling fit --bootstrap}).
 */
@Command(name = "spark", description = "Connect the session to Apache Spark (local threads or a cluster) for work "
        + "run with --on spark, show the connection, or stop it. The Spark jars load into the session on connect.",
        subcommands = {SparkMagic.Connect.class, SparkMagic.Status.class, SparkMagic.Stop.class},
        footer = {"", "Examples:", "  %%spark connect local[*]",
                "  %%spark connect spark://head:7077 --conf spark.executor.memory=4g --timeout 120",
                "  %%scaling fit --table runs --bootstrap 4000 --on spark", "  %%spark status", "  %%spark stop"})
public final class SparkMagic {

    static final String NO_SESSION = "No Spark session; connect with %spark connect local[*] (or spark://host:7077)";

    @Mixin
    HelpOption help;

    @Command(name = "connect", description = "Start (or attach to) a Spark session on MASTER; loads the Spark jars "
            + "into the session, so cells can use org.lmlab.spark.SparkRunner too. Shows the Spark UI's address.",
            footer = {"", "MASTER: local[*], local[N], local[N,F] (F tries per task), spark://host:port (standalone),",
                    "yarn or k8s://https://host:port. One session per kernel: %%spark stop before another master.",
                    "On a cluster lmlab's jars go to the executors in spark.jars, unless --conf gives spark.jars",
                    "or spark.executor.extraClassPath (lmlab installed there); see docs/scale-out.md."})
    static final class Connect implements MagicCommand {
        static final String USAGE = "%spark connect MASTER [--conf spark.KEY=VALUE ...] [--timeout SECONDS]";

        @Mixin
        HelpOption help;

        @Parameters(index = "0", paramLabel = "MASTER", description = "Spark master URL, e.g. local[*] or spark://host:7077.")
        String master;

        @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (spark.*), as spark-submit's --conf; repeatable.")
        Map<String, String> conf = new LinkedHashMap<>();

        @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "Give up when the master has not registered the session, or given it an executor, within this time (default: ${DEFAULT-VALUE}).")
        long timeout;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            if (timeout <= 0) {
                throw new MagicUsageException("--timeout must be more than 0 seconds, not " + timeout, USAGE);
            }
            for (String key : conf.keySet()) {
                if (!key.startsWith("spark.")) {
                    throw new MagicUsageException("--conf " + key + ": Spark settings start with 'spark.'", USAGE);
                }
            }
            ScaleOut engine = SparkService.load(context);
            ScaleOut.Session session;
            try {
                session = engine.connect(master, conf, Duration.ofSeconds(timeout));
            } catch (IllegalArgumentException e) {
                throw new MagicUsageException(e.getMessage(), USAGE);
            } catch (IllegalStateException e) {
                throw new MagicFailure("%spark connect: " + e.getMessage(), e);
            }
            context.out().println("Connected: " + session.status());
            session.uiUrl().ifPresent(url -> context.out().println("Spark UI: " + url));
            return null;
        }
    }

    /** A subcommand that acts on the running session and prints what it did, or that there is none. */
    abstract static class OnSession implements MagicCommand {
        @Mixin
        HelpOption help;

        @Override
        public Object run(MagicCall call, MagicContext context) {
            context.out().println(SparkService.session(context).map(this::act).orElse(NO_SESSION));
            return null;
        }

        abstract String act(ScaleOut.Session session);
    }

    @Command(name = "status", description = "Show the Spark session: master, application, executors, parallelism "
            + "and the Spark UI's address; or that there is none.")
    static final class Status extends OnSession {
        @Override
        String act(ScaleOut.Session session) {
            return session.status();
        }
    }

    @Command(name = "stop", description = "Stop the Spark session (its executors and UI); %%spark connect starts a new one.")
    static final class Stop extends OnSession {
        @Override
        String act(ScaleOut.Session session) {
            session.stop();
            return "Stopped the Spark session on " + session.master();
        }
    }
}
