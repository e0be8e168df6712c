package org.lmlab.magics.spark;

import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.scaleout.ScaleOut;

/**
 * The {@code --on local|spark} option of magics that can hand their work to the session of {@code %spark connect}:
 * its values and the session it names, looked up before anything runs so that a missing session costs nothing.
 */
public final class OnSpark {

    private OnSpark() {
    }

    /**
     * The session {@code --on WHERE} names: null for {@code local}.
     *
     * @param command the magic as the user typed it ({@code %pe-study}), for the message when no session runs
     * @param usage   how to call the magic, for a value other than local and spark
     */
    public static ScaleOut.Session session(MagicContext context, String on, String command, String usage)
            throws MagicUsageException, MagicFailure {
        return chosen(on, usage) ? require(context, command) : null;
    }

    /** Whether {@code --on} names Spark (false: local); a usage error for any other value. */
    public static boolean chosen(String on, String usage) throws MagicUsageException {
        if (on.equals("local")) {
            return false;
        }
        if (!on.equals("spark")) {
            throw new MagicUsageException("--on is local or spark, not '" + on + "'", usage);
        }
        return true;
    }

    /** The running Spark session; a failure saying how to start one (or to stay local) when none runs. */
    public static ScaleOut.Session require(MagicContext context, String command) throws MagicFailure {
        return SparkService.session(context).orElseThrow(() -> new MagicFailure(command + " --on spark: no Spark "
                + "session; connect first with %spark connect local[*] (or spark://host:7077), or use --on local",
                null));
    }
}
