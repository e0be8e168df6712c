/**
 * {@code %extrapolate}: RoPE scaling for length extrapolation in the notebook. The magic parses
 * arguments and displays; the formulas, the frequency table and the charts are
 * {@link org.lmlab.model.rope} and {@link org.lmlab.model.rope.plot}.
 *
 * <p>{@link org.lmlab.magics.extrapolate.ExtrapolateMagic} lists the subcommands (one class each)
 * and says how to add one. Shared by subcommands: {@code ScalingOptions} ({@code --method} or
 * {@code --rope-scaling JSON}), {@code MethodOptions} (one option per config.json key),
 * {@code GeometryOptions} ({@code --head-dim}, {@code --base}, {@code --partial-rotary-factor},
 * defaulting to the loaded model's) and {@code Methods} (the method table and the
 * {@code METHOD:FACTOR} shorthand).
 */
package org.lmlab.magics.extrapolate;
