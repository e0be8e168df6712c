package org.lmlab.model;

/**
 * Shape and hyper-parameters of a LLaMA-family decoder (SmolLM2, Llama 2/3, Qwen2-style).
 * Filled from GGUF metadata ({@code llama.*} keys) or from a Hugging Face {@code config.json}.
 *
 * @param architecture   family name as the checkpoint states it ("llama", "qwen2", ...)
 * @param vocabSize      rows of the token embedding
 * @param hiddenSize     model width (d_model)
 * @param intermediateSize SwiGLU inner width
 * @param layers         decoder blocks
 * @param heads          query heads
 * @param kvHeads        key/value heads (grouped-query attention when fewer than heads)
 * @param headDim        width of one head (usually hiddenSize / heads)
 * @param ropeTheta      RoPE base frequency
 * @param rmsNormEps     RMSNorm epsilon
 * @param contextLength  trained context length
 * @param tiedEmbeddings output projection shares the token embedding
 * @param attentionBias  q/k/v projections carry biases (Qwen2)
 */
public record LlamaConfig(
    String architecture,
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int layers,
    int heads,
    int kvHeads,
    int headDim,
    double ropeTheta,
    double rmsNormEps,
    int contextLength,
    boolean tiedEmbeddings,
    boolean attentionBias) {

  public LlamaConfig {
    if (vocabSize <= 0 || hiddenSize <= 0 || intermediateSize <= 0 || layers <= 0 || heads <= 0
        || kvHeads <= 0 || headDim <= 0) {
      throw new IllegalArgumentException("model dimensions must be positive: " + this);
    }
    if (heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          "query heads (" + heads + ") must be a multiple of key/value heads (" + kvHeads + ")");
    }
  }
}
