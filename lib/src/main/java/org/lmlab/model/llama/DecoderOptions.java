package org.lmlab.model.llama;

/**
 * Pluggable parts and block sizes of a {@link LlamaDecoder}.
 *
 * @param positions    position encoding; {@code null} means the checkpoint's RoPE
 * @param pattern      attention pattern (causal by default)
 * @param queryBlock   queries per attention block: scores for at most queryBlock × keys pairs
 *                     per head exist at once, which bounds memory on long inputs
 * @param logitsBlock  rows per output-projection block when scoring many positions
 */
public record DecoderOptions(
    PositionEncoding positions, AttentionPattern pattern, int queryBlock, int logitsBlock) {

  public DecoderOptions {
    if (pattern == null) {
      throw new IllegalArgumentException("attention pattern must not be null");
    }
    if (queryBlock <= 0 || logitsBlock <= 0) {
      throw new IllegalArgumentException("block sizes must be positive");
    }
  }

  public static DecoderOptions defaults() {
    return new DecoderOptions(null, AttentionPattern.causal(), 256, 256);
  }

  public DecoderOptions withPositions(PositionEncoding p) {
    return new DecoderOptions(p, pattern, queryBlock, logitsBlock);
  }

  public DecoderOptions withPattern(AttentionPattern p) {
    return new DecoderOptions(positions, p, queryBlock, logitsBlock);
  }

  public DecoderOptions withQueryBlock(int n) {
    return new DecoderOptions(positions, pattern, n, logitsBlock);
  }
}
