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
        footer = {"", "Examples:",
                "  %%train lm --text ../datasets/text/tinyshakespeare.txt --out tiny-lm",
                "  %%train lm --text ../datasets/text/tinyshakespeare.txt --context 128 --layers 2 --dim 128 --heads 4 "
                        + "--steps 1200 --batch 16 --lr 1e-2 --seed 1 --encoding rope --threads 1 --out tiny-lm",
                "  %%train lm --text notes.txt --encoding alibi --steps 200 --out alibi-lm --as run",
                "  %%model load tiny-lm"})
public final class TrainMagic {

    @Mixin
    HelpOption help;
}
