package org.lmlab.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * AdamW (Loshchilov &amp; Hutter 2019) exactly as {@code torch.optim.AdamW} applies it, step t from 1:
 * θ ← θ − lr·λ·θ (decoupled weight decay, only where {@code decays} says); m ← β₁m + (1−β₁)g;
 * v ← β₂v + (1−β₂)g²; θ ← θ − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
 *
 * <p>DJL 0.35.1 has an {@code AdamW}, but it puts ε inside the bias correction (ε·√(1−β₂ᵗ)
 * instead of ε) and runs the engine's fused update, whose decay is not stated; this one follows the
 * published rule line by line on the engine. State (m, v) lives in a manager this object owns.
 */
public final class AdamW implements AutoCloseable {

    /**
     * @param beta1       first-moment decay (0.9)
     * @param beta2       second-moment decay (0.999 in the paper, 0.95 common for transformers)
     * @param epsilon     added to √v̂ (1e-8)
     * @param weightDecay λ, decoupled (0.01 in torch, 0.1 common for transformers)
     */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
        public Settings {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("AdamW needs 0 <= beta1, beta2 < 1, epsilon > 0, weight decay >= 0;"
                        + " got " + this);
            }
        }

        /** β₁ 0.9, β₂ 0.95, ε 1e-8, λ 0.1 (GPT-style training of small transformers). */
        public static Settings transformer() {
            return new Settings(0.9, 0.95, 1e-8, 0.1);
        }
    }

    private final Settings settings;
    private final NDManager state;
    private final Map<String, NDArray> m = new HashMap<>();
    private final Map<String, NDArray> v = new HashMap<>();
    private long step;

    public AdamW(Settings settings, NDManager parent) {
        this.settings = settings;
        this.state = parent.newSubManager();
    }

    /** Steps taken so far. */
    public long steps() {
        return step;
    }

    /**
     * One update of every parameter in place from its gradient times {@code gradScale} (the
     * clipping factor; 1 for none).
     *
     * @param decays which parameters (by name) weight decay applies to
     */
    public void step(Map<String, NDArray> parameters, Map<String, NDArray> gradients, double lr, double gradScale,
                     Predicate<String> decays) {
        step++;
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        // StrictMath: Math.pow may round differently once compiled (C2 turns x^2 into x*x)
        double correction1 = 1 - StrictMath.pow(b1, step);
        double correction2 = 1 - StrictMath.pow(b2, step);
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            String name = e.getKey();
            NDArray p = e.getValue();
            try (NDScope scope = new NDScope()) {
                NDArray g = gradScale == 1 ? gradients.get(name) : gradients.get(name).mul(gradScale);
                NDArray mean = m.computeIfAbsent(name, k -> moment(p));
                NDArray var = v.computeIfAbsent(name, k -> moment(p));
                if (decays.test(name) && settings.weightDecay() > 0) {
                    p.muli(1 - lr * settings.weightDecay());
                }
                mean.muli(b1).addi(g.mul(1 - b1));
                var.muli(b2).addi(g.square().mul(1 - b2));
                NDArray denom = var.div(correction2).sqrt().add(settings.epsilon());
                p.subi(mean.div(denom).mul(lr / correction1));
            }
        }
    }

    private NDArray moment(NDArray like) {
        NDArray z = state.zeros(like.getShape(), like.getDataType());
        NDScope.unregister(z); // state outlives the step's scope
        return z;
    }

    @Override
    public void close() {
        state.close();
    }
}
