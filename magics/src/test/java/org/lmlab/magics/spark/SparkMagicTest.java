package org.lmlab.magics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.HelpText;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.scaling.ScalingMagic;

/**
 * {@code %spark} where the Spark jars are not loaded (this module's tests do not have them): help, usage errors, the
 * messages without a session, and where the jars are looked for. Connecting for real is tested through the kernel
 * (tests/python/test_spark_magic.py) and the service in the spark module (SparkScaleOutTest).
 */
class SparkMagicTest {

    static final CommandMagic MAGIC = CommandMagic.line(SparkMagic::new);

    static Object run(FakeMagicContext context, String args) throws Exception {
        return call(MAGIC, "spark", context, args);
    }

    /** {@code %scaling ARGS}: the --on checks come before the table is read, so none is needed. */
    static Object scaling(String args) throws Exception {
        return call(CommandMagic.line(ScalingMagic::new), "scaling", new FakeMagicContext(), args);
    }

    private static Object call(CommandMagic magic, String name, FakeMagicContext context, String args) throws Exception {
        return magic.run(new MagicCall(name, MagicKind.LINE, args, List.of(args.split(" +")), "", 1), context);
    }

    @Test
    void everySubcommandHasHelp() throws Exception {
        String top = assertInstanceOf(HelpText.class, run(new FakeMagicContext(), "--help")).toString();
        assertTrue(top.contains("connect") && top.contains("status") && top.contains("stop"), top);
        String connect = assertInstanceOf(HelpText.class, run(new FakeMagicContext(), "connect --help")).toString();
        assertTrue(connect.contains("--conf") && connect.contains("--timeout") && connect.contains("MASTER"), connect);
        assertInstanceOf(HelpText.class, run(new FakeMagicContext(), "status --help"));
        assertInstanceOf(HelpText.class, run(new FakeMagicContext(), "stop --help"));
    }

    @Test
    void badArgumentsAreUsageErrors() {
        FakeMagicContext context = new FakeMagicContext();
        assertThrows(MagicUsageException.class, () -> run(context, "connect"));
        assertThrows(MagicUsageException.class, () -> run(context, "status extra"));
        MagicUsageException timeout = assertThrows(MagicUsageException.class,
                () -> run(context, "connect local[2] --timeout 0"));
        assertTrue(timeout.getMessage().contains("--timeout must be more than 0"), timeout.getMessage());
        MagicUsageException conf = assertThrows(MagicUsageException.class,
                () -> run(context, "connect local[2] --conf executor.memory=4g"));
        assertTrue(conf.getMessage().contains("start with 'spark.'"), conf.getMessage());
    }

    @Test
    void statusAndStopWithoutASessionSaySo() throws Exception {
        FakeMagicContext context = new FakeMagicContext();
        run(context, "status");
        run(context, "stop");
        assertEquals(SparkMagic.NO_SESSION + "\n" + SparkMagic.NO_SESSION + "\n", context.printed().replace("\r", ""));
    }

    @Test
    void connectWithoutTheJarsNamesTheFolderAndHowToBuildThem(@TempDir Path empty) {
        String previous = System.getProperty(SparkService.JARS_PROPERTY);
        System.setProperty(SparkService.JARS_PROPERTY, empty.resolve("missing").toString());
        try {
            MagicFailure e = assertThrows(MagicFailure.class, () -> run(new FakeMagicContext(), "connect local[2]"));
            assertTrue(e.getMessage().contains(empty.resolve("missing").toString())
                    && e.getMessage().contains("mvn -B -q package -DskipTests"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty(SparkService.JARS_PROPERTY);
            } else {
                System.setProperty(SparkService.JARS_PROPERTY, previous);
            }
        }
    }

    @Test
    void theKernelsOwnJarsAreNotAddedTwice(@TempDir Path dist) throws Exception {
        for (String jar : List.of("lmlab-spark.jar", "spark-core_2.13-4.2.0.jar", "jackson-databind-2.21.2.jar",
                "zstd-jni-1.5.7-7.jar", "notes.txt")) {
            Files.writeString(dist.resolve(jar), "");
        }
        List<Path> kernel = List.of(Path.of("/opt/lmlab/lib/jackson-databind-2.21.0.jar"),
                Path.of("/opt/lmlab/lib/zstd-jni-1.5.7-6.jar"), Path.of("/opt/lmlab/lib/lmlab-lib.jar"));
        List<String> added = SparkService.jarsToAdd(dist, kernel).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("lmlab-spark.jar", "spark-core_2.13-4.2.0.jar"), added);
        assertEquals("spark-core_2.13", SparkService.artifact(Path.of("spark-core_2.13-4.2.0.jar")));
        assertEquals("pytorch-native-cpu", SparkService.artifact(Path.of("pytorch-native-cpu-2.7.1-linux-x86_64.jar")));
        assertEquals("lmlab-kernel", SparkService.artifact(Path.of("lmlab-kernel.jar")));
    }

    @Test
    void aFolderWithoutTheEngineJarIsAClearError(@TempDir Path dist) throws Exception {
        Files.writeString(dist.resolve("spark-core_2.13-4.2.0.jar"), "");
        MagicFailure e = assertThrows(MagicFailure.class, () -> SparkService.jarsToAdd(dist, List.of()));
        assertTrue(e.getMessage().startsWith("no lmlab-spark jar in " + dist), e.getMessage());
    }

    @Test
    void scalingBootstrapOnSparkNeedsASessionAndANamedLaw() throws Exception {
        MagicFailure none = assertThrows(MagicFailure.class,
                () -> scaling("fit --table runs --law kaplan-c --bootstrap 8 --on spark"));
        assertTrue(none.getMessage().contains("no Spark session; connect first with %spark connect"), none.getMessage());
        MagicUsageException where = assertThrows(MagicUsageException.class,
                () -> scaling("fit --table runs --bootstrap 8 --on mars"));
        assertTrue(where.getMessage().contains("--on is local or spark"), where.getMessage());
        MagicUsageException noBootstrap = assertThrows(MagicUsageException.class,
                () -> scaling("fit --table runs --on spark"));
        assertTrue(noBootstrap.getMessage().contains("give --bootstrap N"), noBootstrap.getMessage());
        MagicUsageException formula = assertThrows(MagicUsageException.class,
                () -> scaling("fit --table runs --formula E+A/N^a --bootstrap 8 --on spark"));
        assertTrue(formula.getMessage().contains("bootstrap a --formula fit with --on local"), formula.getMessage());
    }
}
