package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Which keys each query may attend to, as an additive score bias per (query position, key
 * position) block: 0 keeps a pair, negative infinity removes it. The decoder asks for one block
 * per query block, over the keys up to the block's last position (so a pattern is at most
 * causal). Sliding windows, Λ-shaped masks and attention sinks plug in here.
 */
public interface AttentionPattern {

  /**
   * Bias of shape {@code [queries, keys]} for query positions {@code queryStart ..
   * queryStart+queries-1} and key positions {@code 0 .. keys-1}, or {@code null} when every pair
   * is kept.
   */
  NDArray bias(NDManager manager, long queryStart, int queries, int keys);

  /** Plain causal attention: query p sees keys 0..p. */
  static AttentionPattern causal() {
    return fromRule((q, k) -> k <= q);
  }

  /** A pattern from a keep-rule on absolute positions, built on the heap (fine for blocks). */
  static AttentionPattern fromRule(PairRule keep) {
    return (manager, queryStart, queries, keys) -> {
      float[] bias = new float[queries * keys];
      boolean any = false;
      for (int i = 0; i < queries; i++) {
        long q = queryStart + i;
        for (int k = 0; k < keys; k++) {
          if (!keep.keeps(q, k)) {
            bias[i * keys + k] = Float.NEGATIVE_INFINITY;
            any = true;
          }
        }
      }
      return any ? manager.create(bias, new Shape(queries, keys)) : null;
    };
  }

  /** Whether query position {@code q} may see key position {@code k}. */
  @FunctionalInterface
  interface PairRule {
    boolean keeps(long q, long k);
  }
}
