package org.lmlab.kernel;

import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.MagicRegistry;
import org.lmlab.magics.core.ClasspathMagic;
import org.lmlab.magics.core.LsMagic;
import org.lmlab.magics.core.MavenMagic;
import org.lmlab.magics.core.ProvenanceMagic;
import org.lmlab.magics.extrapolate.ExtrapolateMagic;
import org.lmlab.magics.lengths.LengthsMagic;
import org.lmlab.magics.model.GenerateMagic;
import org.lmlab.magics.model.ModelMagic;
import org.lmlab.magics.model.ModelSlot;
import org.lmlab.magics.model.PerplexityMagic;
import org.lmlab.magics.scaling.ScalingMagic;
import org.lmlab.magics.spark.SparkMagic;
import org.lmlab.magics.table.PlotMagic;
import org.lmlab.magics.table.SqlMagic;
import org.lmlab.magics.table.TableMagic;
import org.lmlab.magics.core.TimeMagic;
import org.lmlab.magics.train.PeStudyMagic;
import org.lmlab.magics.train.TrainMagic;

/** Every magic the kernel offers, registered in one visible place. */
public final class CoreMagics {

    private CoreMagics() {
    }

    public static MagicRegistry registry() {
        ModelSlot model = new ModelSlot();
        return new MagicRegistry()
                .register(CommandMagic.line(LsMagic::new))
                .register(new TimeMagic())
                .register(CommandMagic.line(ProvenanceMagic::new))
                .register(CommandMagic.line(ClasspathMagic::new))
                .register(CommandMagic.line(MavenMagic::new))
                .register(CommandMagic.line(TableMagic::new))
                .register(CommandMagic.cell(SqlMagic::new))
                .register(CommandMagic.line(PlotMagic::new))
                .register(CommandMagic.line(ScalingMagic::new))
                .register(CommandMagic.line(() -> new LengthsMagic(model)))
                .register(CommandMagic.line(() -> new ModelMagic(model)))
                .register(CommandMagic.lineAndCell(() -> new GenerateMagic(model)))
                .register(CommandMagic.line(() -> new PerplexityMagic(model)))
                .register(CommandMagic.line(() -> new ExtrapolateMagic(model)))
                .register(CommandMagic.line(TrainMagic::new))
                .register(CommandMagic.line(PeStudyMagic::new))
                .register(CommandMagic.line(SparkMagic::new));
    }
}
