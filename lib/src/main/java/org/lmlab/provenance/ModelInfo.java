package org.lmlab.provenance;

import java.util.List;

/**
 * The model behind a result.
 *
 * @param name          the model's name
 * @param path          its file or directory
 * @param files         SHA-256 of its files (the GGUF file, or a directory's files)
 * @param extrapolation the active context-extrapolation method ("none" when the model runs as trained)
 */
public record ModelInfo(String name, String path, List<FileHash> files, String extrapolation) {

    public ModelInfo {
        files = List.copyOf(files);
    }
}
