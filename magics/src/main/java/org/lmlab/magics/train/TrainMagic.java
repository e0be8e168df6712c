package org.lmlab.magics.train;

import org.lmlab.magics.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code %train SUBCOMMAND}: training small decoder-only transformers from scratch (logic in
 * org.lmlab.training). One class per subcommand, listed in {@code subcommands}.
 */
@Command(name = "train", description = "Train small decoder-only transformers from scratch on the CPU (DJL autograd): "
        + "a byte-level language model on a text file, with a chosen position encoding.",
        subcommands = {LmCommand.class},
        footer = {"", "Examples (the defaults are the tiny LM of docs/training.md):",
                "  %%train lm --text ../datasets/text/tinyshakespeare.txt --threads 1 --out tiny-lm",
                "  %%model load tiny-lm --context 1024",
                "  %%train lm --text notes.txt --context 256 --layers 4 --dim 256 --heads 8 --steps 2000 --out lm4",
                "  %%train lm --text notes.txt --encoding alibi --steps 200 --seed 2 --out alibi-lm --as run"})
public final class TrainMagic {

    @Mixin
    HelpOption help;
}
