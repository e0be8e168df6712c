package org.lmlab.magics.extrapolate;

import java.util.List;
import java.util.Optional;
import org.lmlab.display.Displayable;
import org.lmlab.magics.ArgumentSplitter;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicKind;
import org.lmlab.model.LanguageModel;
import org.lmlab.progress.Progress;

/** {@code %extrapolate} on the bundled SmolLM2 in a fake session, for the tests of its subcommands. */
final class ExtrapolateSession implements AutoCloseable {

    final LanguageModel model;
    final FakeMagicContext context = new FakeMagicContext();
    private final CommandMagic magic;

    private ExtrapolateSession(LanguageModel model) {
        this.model = model;
        this.magic = CommandMagic.line(() -> new ExtrapolateMagic(Optional::empty, () -> Optional.of(model)));
    }

    /** Loads the bundled model (close the session to free it). */
    static ExtrapolateSession smolLm2() {
        return new ExtrapolateSession(LanguageModel.load("smollm2-135m", "cpu", Progress.NONE));
    }

    /** Runs {@code %extrapolate ARGS}; what it shows, as plain text. */
    String run(String args) throws Exception {
        List<String> words = ArgumentSplitter.split(args);
        Object shown = magic.run(new MagicCall("extrapolate", MagicKind.LINE, args, words, null, 1), context);
        return shown instanceof Displayable d ? d.toMimeBundle().plainText() : String.valueOf(shown);
    }

    @Override
    public void close() {
        model.close();
    }
}
