package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding in Hugging Face's rotate-half layout: dimension i pairs with
 * i + headDim/2, rotated by angle position · inv_freq[i]. Scaling variants
 * ({@link org.lmlab.model.rope.ScaledRotaryEmbedding}) override {@link #inverseFrequencies()} and
 * {@link #attentionFactor()}, as transformers does (linear interpolation divides inv_freq, which
 * gives the same angles as dividing positions); the cos/sin tables follow from those.
 */
public class RotaryEmbedding implements PositionEncoding {

  private final int headDim;
  private final double theta;

  public RotaryEmbedding(int headDim, double theta) {
    if (headDim % 2 != 0) {
      throw new IllegalArgumentException("RoPE needs an even head dimension, got " + headDim);
    }
    this.headDim = headDim;
    this.theta = theta;
  }

  public int headDim() {
    return headDim;
  }

  public double theta() {
    return theta;
  }

  /** inv_freq[i] = theta^(-2i/headDim), i < headDim/2, as in transformers' default RoPE. */
  protected double[] inverseFrequencies() {
    double[] inv = new double[headDim / 2];
    for (int i = 0; i < inv.length; i++) {
      inv[i] = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
    }
    return inv;
  }

  /**
   * The factor multiplying both cos and sin (transformers' {@code attention_scaling}; YaRN and
   * LongRoPE set it), so query·key logits scale by its square. 1 for plain RoPE.
   */
  protected double attentionFactor() {
    return 1.0;
  }

  /** The (possibly rescaled) position that multiplies the frequencies. */
  protected double position(long p) {
    return p;
  }

  /** Cosine and sine tables, each {@code [length, headDim]} with both halves equal. */
  float[][] tables(long start, int length) {
    double[] inv = inverseFrequencies();
    double factor = attentionFactor();
    int half = headDim / 2;
    float[] cos = new float[length * headDim];
    float[] sin = new float[length * headDim];
    for (int t = 0; t < length; t++) {
      double pos = position(start + t);
      for (int i = 0; i < half; i++) {
        // angles in double: float loses digits at large positions (pos · inv_freq > 2^24 ulp)
        double angle = pos * inv[i];
        float c = (float) (factor * Math.cos(angle));
        float s = (float) (factor * Math.sin(angle));
        cos[t * headDim + i] = c;
        cos[t * headDim + half + i] = c;
        sin[t * headDim + i] = s;
        sin[t * headDim + half + i] = s;
      }
    }
    return new float[][] {cos, sin};
  }

  @Override
  public Positioned at(NDManager manager, long start, int length) {
    float[][] t = tables(start, length);
    Shape shape = new Shape(length, headDim);
    NDArray cos = manager.create(t[0], shape);
    NDArray sin = manager.create(t[1], shape);
    int half = headDim / 2;
    return x -> {
      // rotate_half(x) = concat(-x[..., half:], x[..., :half])
      NDArray rotated = x.get(new NDIndex("..., " + half + ":")).neg()
          .concat(x.get(new NDIndex("..., :" + half)), -1);
      return x.mul(cos).add(rotated.mul(sin));
    };
  }
}
