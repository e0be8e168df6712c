package org.lmlab.model.llama;

import org.lmlab.model.engine.Precision;

/**
 * Pluggable parts and block sizes of a {@link LlamaDecoder}.
 *
 * @param positions    position encoding; {@code null} means the checkpoint's RoPE
 * @param pattern      attention pattern (causal by default)
 * @param queryBlock   queries per attention block: scores for at most queryBlock × keys pairs
 *                     per head exist at once, which bounds memory on long inputs
 * @param logitsBlock  rows per output-projection block when scoring many positions
 * @param precision    type of the weight matrices and their products (F32 by default)
 */
public record DecoderOptions(
    PositionEncoding positions, AttentionPattern pattern, int queryBlock, int logitsBlock, Precision precision) {

  public DecoderOptions {
    if (pattern == null) {
      throw new IllegalArgumentException("attention pattern must not be null");
    }
    if (precision == null) {
      throw new IllegalArgumentException("precision must not be null");
    }
    if (queryBlock <= 0 || logitsBlock <= 0) {
      throw new IllegalArgumentException("block sizes must be positive");
    }
  }

  public static DecoderOptions defaults() {
    return new DecoderOptions(null, AttentionPattern.causal(), 256, 256, Precision.F32);
  }

  public DecoderOptions withPositions(PositionEncoding p) {
    return new DecoderOptions(p, pattern, queryBlock, logitsBlock, precision);
  }

  public DecoderOptions withPattern(AttentionPattern p) {
    return new DecoderOptions(positions, p, queryBlock, logitsBlock, precision);
  }

  public DecoderOptions withQueryBlock(int n) {
    return new DecoderOptions(positions, pattern, n, logitsBlock, precision);
  }

  public DecoderOptions withPrecision(Precision p) {
    return new DecoderOptions(positions, pattern, queryBlock, logitsBlock, p);
  }
}
