package org.lmlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Arrays;
import java.util.Map;
import org.lmlab.model.llama.RotateHalf;
import org.lmlab.model.llama.WeightLayout;
import org.lmlab.training.position.PositionPass;
import org.lmlab.training.position.PositionTerms;

/**
 * One batched forward pass of a {@link Transformer}, in the same arithmetic as the inference
 * engine's decoder (so a checkpoint gives the same logits there): x = embed(tokens) [+ absolute
 * positions]; per block x += Wo·attn(RMSNorm(x)), x += W_down·(silu(W_gate h) ⊙ W_up h) with h =
 * RMSNorm(x); logits = RMSNorm(x)·Eᵀ. Attention logits are q·k/√d plus the position bias, causal,
 * with padding keys masked (-∞). Arrays are made in the caller's NDScope.
 *
 * <p>Token embeddings and the picked targets are one-hot products, not index lookups: the
 * backward pass of an index lookup on the CPU adds into the table with atomics, in an order that
 * changes from run to run, while a matrix product's does not (training repeats bit for bit). The
 * cost, B·T·vocab·width multiply-adds, is that of one small projection for the vocabularies this
 * trainer is for.
 */
final class TransformerPass {

    private final Transformer model;
    private final TransformerConfig c;
    private final Map<String, NDArray> w;
    private final Batch batch;
    private final NDManager manager;
    private final PositionPass positions;

    TransformerPass(Transformer model, Batch batch) {
        this.model = model;
        this.c = model.config();
        this.w = model.parameters();
        this.batch = batch;
        this.manager = model.manager();
        this.positions = new PositionPass(manager, batch.time(), c.hiddenSize(), c.heads(), model.dtype(), w);
        for (int[] row : batch.inputs()) {
            for (int id : row) {
                if (id < 0 || id >= c.vocabSize()) {
                    throw new IllegalArgumentException("token id " + id + " outside the vocabulary [0, " + c.vocabSize() + ")");
                }
            }
        }
        for (int[] row : batch.targets()) {
            for (int id : row) {
                if (id < -1 || id >= c.vocabSize()) {
                    throw new IllegalArgumentException("target " + id + " is neither -1 (unscored) nor in [0, "
                            + c.vocabSize() + ")");
                }
            }
        }
    }

    /** {@code [B, T, vocab]}. */
    NDArray logits() {
        return flatLogits().reshape(batch.size(), batch.time(), c.vocabSize());
    }

    /** {@code [B·T, vocab]}. */
    private NDArray flatLogits() {
        NDArray out = c.tiedEmbeddings() ? w.get("model.embed_tokens.weight") : w.get("lm_head.weight");
        return linear(hidden(), out);
    }

    /** Mean negative log-likelihood of the scored targets. */
    NDArray loss() {
        int b = batch.size();
        int t = batch.time();
        int scored = batch.scoredCount();
        if (scored == 0) {
            throw new IllegalArgumentException("the batch scores no position (every target is -1 or padding)");
        }
        long[] index = new long[b * t];
        double[] weight = new double[b * t];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < t; i++) {
                boolean s = batch.scored(r, i);
                index[r * t + i] = s ? batch.targets()[r][i] : 0;
                weight[r * t + i] = s ? 1.0 / scored : 0;
            }
        }
        NDArray logProbs = flatLogits().logSoftmax(-1);
        NDArray targets = positions.oneHot(index, c.vocabSize()).mul(positions.constant(weight, new Shape(b * t, 1)));
        return logProbs.mul(targets).sum().neg();
    }

    /** Final-normalised hidden states {@code [B·T, hidden]} (rows: batch-major positions). */
    private NDArray hidden() {
        int b = batch.size();
        int t = batch.time();
        long[] ids = new long[b * t];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < t; i++) {
                ids[r * t + i] = batch.inputs()[r][i];
            }
        }
        NDArray x = positions.oneHot(ids, c.vocabSize()).matMul(w.get("model.embed_tokens.weight"));
        PositionTerms terms = c.positions().terms(positions);
        if (terms.tokenScale() != 1) {
            x = x.mul(positions.scalar(terms.tokenScale()));
        }
        if (terms.embedding() != null) {
            x = x.reshape(b, t, c.hiddenSize()).add(terms.embedding()).reshape(b * t, c.hiddenSize());
        }
        NDArray bias = mask();
        if (terms.bias() != null) {
            bias = bias.add(terms.bias()); // [T, T] or [B, 1, T, T], + [H, T, T]
        }
        for (int l = 0; l < c.layers(); l++) {
            x = block(l, x, bias, terms);
        }
        return rmsNorm(x, w.get("model.norm.weight"));
    }

    private NDArray block(int l, NDArray x, NDArray bias, PositionTerms terms) {
        int b = batch.size();
        int t = batch.time();
        NDArray h = rmsNorm(x, p(l, "input_layernorm.weight"));
        NDArray q = heads(linear(h, p(l, "self_attn.q_proj.weight")));
        NDArray k = heads(linear(h, p(l, "self_attn.k_proj.weight")));
        NDArray v = heads(linear(h, p(l, "self_attn.v_proj.weight")));
        if (terms.cos() != null) {
            q = RotateHalf.rotate(q, terms.cos(), terms.sin());
            k = RotateHalf.rotate(k, terms.cos(), terms.sin());
        }
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(positions.scalar(1.0 / Math.sqrt(c.headDim()))).add(bias);
        NDArray attended = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b * t, c.hiddenSize());
        x = x.add(linear(attended, p(l, "self_attn.o_proj.weight")));
        NDArray m = rmsNorm(x, p(l, "post_attention_layernorm.weight"));
        NDArray gate = linear(m, p(l, "mlp.gate_proj.weight"));
        NDArray up = linear(m, p(l, "mlp.up_proj.weight"));
        return x.add(linear(Activation.sigmoid(gate).mul(gate).mul(up), p(l, "mlp.down_proj.weight")));
    }

    private NDArray p(int layer, String suffix) {
        return w.get(WeightLayout.layer(layer, suffix));
    }

    /** x · Wᵀ for rows x {@code [n, in]} and a PyTorch-layout weight {@code [out, in]} (2-D: one GEMM each way). */
    private static NDArray linear(NDArray x, NDArray weight) {
        return x.matMul(weight.transpose());
    }

    /** {@code [B·T, H·d]} to {@code [B, H, T, d]}. */
    private NDArray heads(NDArray x) {
        return x.reshape(batch.size(), batch.time(), c.heads(), c.headDim()).transpose(0, 2, 1, 3);
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        return x.div(meanSquare.add(c.rmsNormEps()).sqrt()).mul(weight);
    }

    /**
     * 0 where query i may read key j (j <= i, j real), -∞ elsewhere: {@code [T, T]} when no row is
     * padded (broadcast over the batch), else {@code [B, 1, T, T]}.
     */
    private NDArray mask() {
        int t = batch.time();
        boolean padded = Arrays.stream(batch.lengths()).anyMatch(l -> l < t);
        int rows = padded ? batch.size() : 1;
        double[] m = new double[rows * t * t];
        for (int r = 0; r < rows; r++) {
            int length = batch.lengths()[r];
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    m[(r * t + i) * t + j] = j <= i && j < length ? 0 : Double.NEGATIVE_INFINITY;
                }
            }
        }
        return positions.constant(m, padded ? new Shape(rows, 1, t, t) : new Shape(t, t));
    }
}
