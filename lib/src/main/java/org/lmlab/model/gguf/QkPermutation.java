package org.lmlab.model.gguf;

/**
 * Undoes the row permutation llama.cpp's converter applies to LLaMA q_proj/k_proj weights. The
 * converter regroups each head's rows from Hugging Face's rotate-half order (first half, second
 * half) into interleaved pairs for ggml's adjacent-pair RoPE: GGUF row {@code 2j + p} of a head is
 * Hugging Face row {@code p * headDim/2 + j}.
 */
public final class QkPermutation {

    private QkPermutation() {
    }

    /**
     * Rows of {@code data} ({@code rows x cols}, row-major; a bias is {@code cols = 1}) from GGUF
     * order back to Hugging Face order, for {@code heads} heads of {@code rows / heads} rows.
     */
    public static float[] toHuggingFace(float[] data, int rows, int cols, int heads) {
        if (rows % heads != 0 || (rows / heads) % 2 != 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException(String.format(
                    "cannot un-permute %d rows x %d columns (%d values) for %d heads", rows, cols, data.length, heads));
        }
        int headDim = rows / heads;
        int half = headDim / 2;
        float[] out = new float[data.length];
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < half; j++) {
                for (int p = 0; p < 2; p++) {
                    int from = h * headDim + 2 * j + p;
                    int to = h * headDim + p * half + j;
                    System.arraycopy(data, from * cols, out, to * cols, cols);
                }
            }
        }
        return out;
    }
}
