package org.lmlab.model.extrapolation.sweep;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.lmlab.model.TextFile;

/**
 * A {@link PerplexityTask} as a serializable description: the sliding protocol on a text given inline or read from a
 * file, or the documents protocol on a JSON Lines file or a directory of {@code .txt} files. Files are named by path
 * (as text: {@link Path} is not serializable) and read on each executor from its shipped copy, so every executor
 * builds the task the driver builds; the sweep checks that their definitions (which hold the text's SHA-256) agree.
 *
 * @param file      the text file or documents path, null for an inline text
 * @param documents whether {@code file} holds documents (the documents protocol)
 * @param field     a JSON Lines file's text field (documents only)
 * @param charset   the files' character set name
 * @param source    an inline text's name
 * @param text      an inline text
 */
public record PerplexitySpec(String file, boolean documents, String field, String charset, String source, String text,
        int stride, int tokens, int bucket) implements SweepTaskSpec {

    private static final long serialVersionUID = 1L;

    /** {@code new PerplexityTask(source, text, stride, tokens, bucket)}; the text travels inside the spec. */
    public static PerplexitySpec text(String source, String text, int stride, int tokens, int bucket) {
        return new PerplexitySpec(null, false, null, null, source, text, stride, tokens, bucket);
    }

    /** The sliding protocol on the text of {@code file} (named by its file name, as {@code %extrapolate sweep --file}). */
    public static PerplexitySpec file(Path file, Charset charset, int stride, int tokens, int bucket) {
        return new PerplexitySpec(file.toAbsolutePath().toString(), false, null, charset.name(), null, null, stride,
                tokens, bucket);
    }

    /** {@code PerplexityTask.documents(Documents.read(path, field, charset), bucket)}. */
    public static PerplexitySpec documents(Path path, String field, Charset charset, int bucket) {
        return new PerplexitySpec(path.toAbsolutePath().toString(), true, field, charset.name(), null, null, 0, 0,
                bucket);
    }

    @Override
    public List<Path> files() {
        return file == null ? List.of() : List.of(Path.of(file));
    }

    @Override
    public SweepTask build(UnaryOperator<Path> local) {
        if (file == null) {
            return new PerplexityTask(source, text, stride, tokens, bucket);
        }
        Path here = local.apply(Path.of(file));
        try {
            if (documents) {
                return PerplexityTask.documents(Documents.read(here, field, Charset.forName(charset)), bucket);
            }
            return new PerplexityTask(here.getFileName().toString(), TextFile.read(here, Charset.forName(charset)),
                    stride, tokens, bucket);
        } catch (TextFile.Problem e) {
            throw new IllegalArgumentException("the perplexity text " + here + ": " + e.getMessage(), e);
        }
    }
}
