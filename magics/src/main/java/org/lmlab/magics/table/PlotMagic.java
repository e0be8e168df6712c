package org.lmlab.magics.table;

import java.nio.file.Path;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.plot.Chart;
import org.lmlab.plot.ChartBuilder;
import org.lmlab.plot.Plot;
import org.lmlab.plot.XYBuilder;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %plot KIND --table NAME ...}: a chart of a named table's columns, shown inline. */
@Command(name = "plot", description = "Plot columns of a named table (line, scatter, histogram, ecdf, box, violin, heatmap).",
        footer = {"", "Examples:", "  %%plot scatter --table runs --x flops --y loss --logx --logy",
                "  %%plot histogram --table runs --x loss", "  %%plot line --table sweep --x length --y ppl --by method --save ppl.svg"})
public final class PlotMagic implements MagicCommand {

    /** The chart kinds the magic offers. */
    enum Kind { LINE, SCATTER, HISTOGRAM, ECDF, BOX, VIOLIN, HEATMAP }

    private static final String USAGE = "%plot KIND --table NAME --x COL [--y COL] [--by COL] (--help)";

    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "KIND", description = "One of ${COMPLETION-CANDIDATES}.")
    Kind kind;

    @Option(names = "--table", required = true, paramLabel = "NAME", description = "The table to plot.")
    String table;

    @Option(names = "--x", paramLabel = "COL", description = "x column (the values, for histogram/ecdf/box/violin).")
    String x;

    @Option(names = "--y", paramLabel = "COL", description = "y column (line, scatter, heatmap).")
    String y;

    @Option(names = "--z", paramLabel = "COL", description = "Cell values of a heatmap.")
    String z;

    @Option(names = "--by", paramLabel = "COL", description = "One series (or group) per value of this column.")
    String by;

    @Option(names = "--logx", description = "Logarithmic x axis.")
    boolean logX;

    @Option(names = "--logy", description = "Logarithmic y axis (line, scatter).")
    boolean logY;

    @Option(names = "--title", paramLabel = "TEXT", description = "Chart title.")
    String title;

    @Option(names = "--save", paramLabel = "PATH", description = "Also write the chart to PATH (.png, .svg or .pdf).")
    Path save;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        Table data = context.table(table);
        require(x, "--x");
        Chart chart;
        try {
            chart = build(data).title(title != null ? title : table).build();
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(call.typed() + ": " + e.getMessage(), USAGE);
        }
        if (save != null) {
            chart.save(save);
            context.out().println("Saved the chart to " + save.toAbsolutePath());
        }
        return chart;
    }

    private ChartBuilder<?> build(Table data) throws MagicUsageException {
        switch (kind) {
            case LINE, SCATTER -> {
                require(y, "--y");
                XYBuilder builder = (kind == Kind.LINE ? Plot.line() : Plot.scatter()).x(x).y(y);
                builder = by == null ? builder.table(data, x, y) : builder.table(data, x, y, by);
                if (logX) {
                    builder.logX();
                }
                if (logY) {
                    builder.logY();
                }
                return builder;
            }
            case HISTOGRAM -> {
                noLogY();
                var builder = by == null ? Plot.histogram().table(data, x) : Plot.histogram().table(data, x, by);
                return logX ? builder.logX().x(x) : builder.x(x);
            }
            case ECDF -> {
                noLogY();
                var builder = by == null ? Plot.ecdf().table(data, x) : Plot.ecdf().table(data, x, by);
                return logX ? builder.logX().x(x) : builder.x(x);
            }
            case BOX, VIOLIN -> {
                if (logX || logY) {
                    throw new MagicUsageException("%plot " + kind.name().toLowerCase() + " has no log axes", USAGE);
                }
                var builder = kind == Kind.BOX ? Plot.box() : Plot.violin();
                return (by == null ? builder.table(data, x) : builder.table(data, x, by)).y(x);
            }
            default -> {
                require(y, "--y");
                require(z, "--z");
                return Plot.heatmap().table(data, x, y, z).x(x).y(y);
            }
        }
    }

    private void noLogY() throws MagicUsageException {
        if (logY) {
            throw new MagicUsageException("--logy applies to line and scatter plots", USAGE);
        }
    }

    private void require(String value, String option) throws MagicUsageException {
        if (value == null) {
            throw new MagicUsageException("%plot " + kind.name().toLowerCase() + " needs " + option, USAGE);
        }
    }
}
