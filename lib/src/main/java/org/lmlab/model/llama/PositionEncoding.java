package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * How absolute positions enter attention. Prepared once per forward pass for a run of positions
 * and applied to every layer's queries and keys; length-extrapolation variants (scaled RoPE,
 * NoPE) plug in here.
 */
public interface PositionEncoding {

  /**
   * The encoding for {@code length} consecutive positions starting at {@code start}; arrays it
   * creates belong to {@code manager}.
   */
  Positioned at(NDManager manager, long start, int length);

  /** Position information for one run of positions. */
  interface Positioned {

    /** Applies it to queries or keys shaped {@code [heads, length, headDim]}. */
    NDArray apply(NDArray x);
  }

  /** No positional signal at all (NoPE): queries and keys pass unchanged. */
  static PositionEncoding none() {
    return (manager, start, length) -> x -> x;
  }
}
