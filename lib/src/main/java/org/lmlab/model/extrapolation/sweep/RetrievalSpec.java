package org.lmlab.model.extrapolation.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.lmlab.model.extrapolation.passkey.Filler;
import org.lmlab.model.extrapolation.passkey.NeedleScorer;
import org.lmlab.model.extrapolation.passkey.NeedleTask;
import org.lmlab.model.extrapolation.passkey.PasskeyScorer;

/**
 * A passkey or RULER needle task ({@link RetrievalTask}) as a serializable description; it reads no files.
 *
 * @param needle       null for passkey, else the needle task's keys, values and haystack
 * @param answerTokens the most new tokens an answer may take
 */
public record RetrievalSpec(Needle needle, int answerTokens) implements SweepTaskSpec {

    private static final long serialVersionUID = 1L;

    /** {@link NeedleTask}'s values (the record is not serializable). */
    public record Needle(int keys, int values, String haystack) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        NeedleTask task() {
            return new NeedleTask(keys, values, Filler.valueOf(haystack));
        }
    }

    /** {@link RetrievalTask#passkey()}. */
    public static RetrievalSpec passkey() {
        return passkey(PasskeyScorer.ANSWER_TOKENS);
    }

    /** {@link RetrievalTask#passkey(int)}. */
    public static RetrievalSpec passkey(int answerTokens) {
        return new RetrievalSpec(null, answerTokens);
    }

    /** {@link RetrievalTask#needle(NeedleTask)}. */
    public static RetrievalSpec needle(NeedleTask task) {
        return needle(task, NeedleScorer.defaultAnswerTokens(task));
    }

    /** {@link RetrievalTask#needle(NeedleTask, int)}. */
    public static RetrievalSpec needle(NeedleTask task, int answerTokens) {
        return new RetrievalSpec(new Needle(task.keys(), task.values(), task.haystack().name()), answerTokens);
    }

    @Override
    public List<Path> files() {
        return List.of();
    }

    @Override
    public SweepTask build(UnaryOperator<Path> local) {
        return needle == null ? RetrievalTask.passkey(answerTokens) : RetrievalTask.needle(needle.task(), answerTokens);
    }
}
