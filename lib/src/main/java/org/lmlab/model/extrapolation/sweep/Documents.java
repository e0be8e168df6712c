package org.lmlab.model.extrapolation.sweep;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.lmlab.model.TextFile;

/**
 * The documents of the "first N tokens of each document" perplexity protocol
 * ({@link PerplexityTask#documents}): from a JSON Lines file (one JSON object per line, the text in
 * a named string field; blank lines skipped) or from the {@code .txt} files of a directory (sorted
 * by name, not recursive).
 *
 * @param source     a name for the collection (the file or directory name), part of the task's definition
 * @param documents  the documents in order
 */
public record Documents(String source, List<Document> documents) {

    /**
     * One document.
     *
     * @param name where it came from: {@code line 3} of a JSON Lines file, or a file name
     * @param text its text
     */
    public record Document(String name, String text) {
    }

    public Documents {
        documents = List.copyOf(documents);
        if (documents.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no documents");
        }
    }

    /**
     * A directory's {@code .txt} files (in {@code charset}) or a JSON Lines file's {@code field}.
     *
     * @throws TextFile.Problem when a file is missing, unreadable or not text in its encoding
     * @throws IllegalArgumentException for a line that is not a JSON object with the field, or no documents
     */
    public static Documents read(Path path, String field, Charset charset) throws TextFile.Problem {
        return Files.isDirectory(path) ? directory(path, charset) : jsonLines(path, field);
    }

    /** The {@code field} of each line of a JSON Lines file (UTF-8, as JSON is). */
    public static Documents jsonLines(Path file, String field) throws TextFile.Problem {
        String all = TextFile.read(file, StandardCharsets.UTF_8);
        List<Document> out = new ArrayList<>();
        String[] lines = all.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            JsonElement parsed;
            try {
                parsed = JsonParser.parseString(line);
            } catch (JsonParseException e) {
                throw new IllegalArgumentException(where + ": not JSON (" + e.getMessage() + "); a JSON Lines file holds "
                        + "one JSON object per line");
            }
            if (!parsed.isJsonObject()) {
                throw new IllegalArgumentException(where + ": not a JSON object; a JSON Lines file of documents holds "
                        + "one object per line, its text in the field '" + field + "'");
            }
            JsonObject o = parsed.getAsJsonObject();
            JsonElement text = o.get(field);
            if (text == null || !text.isJsonPrimitive() || !text.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException(where + ": no string field '" + field + "' (the line has "
                        + (o.keySet().isEmpty() ? "no fields" : "fields " + String.join(", ", o.keySet()))
                        + "); name the text's field with --field");
            }
            out.add(new Document("line " + (i + 1), text.getAsString()));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no JSON lines");
        }
        return new Documents(file.getFileName().toString(), out);
    }

    /** The {@code .txt} files of {@code dir} in {@code charset}, sorted by name. */
    public static Documents directory(Path dir, Charset charset) throws TextFile.Problem {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".txt")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list it: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("directory " + dir + " holds no .txt files");
        }
        List<Document> out = new ArrayList<>();
        for (Path f : files) {
            out.add(new Document(f.getFileName().toString(), TextFile.read(f, charset)));
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return new Documents((name == null ? dir : name).toString() + "/", out);
    }

    /** Characters in all documents. */
    public long chars() {
        return documents.stream().mapToLong(d -> d.text().length()).sum();
    }

    /** SHA-256 over every document's name and text, in order (hex). */
    public String sha256() {
        StringBuilder all = new StringBuilder();
        for (Document d : documents) {
            all.append(d.name().length()).append(':').append(d.name()).append(d.text().length()).append(':')
                    .append(d.text());
        }
        return SweepGrid.sha256(all.toString());
    }
}
