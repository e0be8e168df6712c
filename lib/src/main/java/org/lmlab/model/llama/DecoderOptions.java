package org.lmlab.model.llama;

import org.lmlab.model.engine.Precision;
import org.lmlab.model.extrapolation.Extrapolation;

/**
 * The extrapolation method and block sizes of a {@link LlamaDecoder}.
 *
 * @param method       positions and attention window ({@link Extrapolation#none()}: as trained)
 * @param queryBlock   queries per attention block: scores for at most queryBlock × keys pairs
 *                     per head exist at once, which bounds memory on long inputs
 * @param logitsBlock  rows per output-projection block when scoring many positions
 * @param precision    type of the weight matrices and their products (F32 by default)
 */
public record DecoderOptions(Extrapolation method, int queryBlock, int logitsBlock, Precision precision) {

  public DecoderOptions {
    if (method == null) {
      throw new IllegalArgumentException("an extrapolation method is required (Extrapolation.none() for none)");
    }
    if (precision == null) {
      throw new IllegalArgumentException("precision must not be null");
    }
    if (queryBlock <= 0 || logitsBlock <= 0) {
      throw new IllegalArgumentException("block sizes must be positive");
    }
  }

  public static DecoderOptions defaults() {
    return new DecoderOptions(Extrapolation.none(), 256, 256, Precision.F32);
  }

  public DecoderOptions withMethod(Extrapolation m) {
    return new DecoderOptions(m, queryBlock, logitsBlock, precision);
  }

  public DecoderOptions withQueryBlock(int n) {
    return new DecoderOptions(method, n, logitsBlock, precision);
  }

  public DecoderOptions withPrecision(Precision p) {
    return new DecoderOptions(method, queryBlock, logitsBlock, p);
  }
}
