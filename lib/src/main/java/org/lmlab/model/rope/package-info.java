/**
 * RoPE scaling: the inverse frequencies and attention factor of each scaling variant, as Hugging
 * Face transformers computes them in {@code src/transformers/modeling_rope_utils.py} at release
 * <b>v5.0.0</b> (the first release that reads the {@code rope_parameters} form and uses YaRN's
 * {@code factor} as given, with {@code mscale}, {@code mscale_all_dim} and {@code truncate}).
 *
 * <p>Each {@link org.lmlab.model.rope.RopeScaling} variant maps a {@link
 * org.lmlab.model.rope.RopeGeometry} (head size, base, partial rotary factor, context) to {@link
 * org.lmlab.model.rope.RopeFrequencies}: {@code inv_freq[d/2]} in double and the factor that
 * multiplies cos and sin. {@link org.lmlab.model.rope.RopeScalingJson} reads the
 * {@code rope_scaling} / {@code rope_parameters} object researchers copy from config.json.
 * Two variants are not transformers types: {@link org.lmlab.model.rope.RopeScaling.FrequencyFactors}
 * (llama.cpp's per-pair {@code rope_freqs}, as GGUF files carry it) and {@link
 * org.lmlab.model.rope.RopeScaling.GiraffeTruncation} (Giraffe's truncated basis, rope_type
 * {@code giraffe}); checkpoints' declared scaling reaches {@code LlamaConfig.ropeScaling()}.
 *
 * <p>transformers evaluates these formulas in float32; lmlab keeps double throughout, so values
 * agree with transformers' formulas to double precision and differ from transformers' own float32
 * tensors by float32 rounding (docs/models.md, "RoPE scaling").
 */
package org.lmlab.model.rope;
