package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.model.extrapolation.Window;

/**
 * One forward pass's attention, prepared once and run for every layer: the plan's masks, the
 * rotations of queries that score global keys at a rewritten distance, and the ALiBi distances
 * are built on the engine before the first layer and shared by all of them. Masks of blocks
 * with the same relative layout (every interior block of a window) are built once.
 */
final class PassAttention {

    /** What the pass needs from the decoder. */
    record Setup(Window.Shape shape, int heads, int kvHeads, double scale, RotaryTable table, float[] alibiSlopes) {}

    private final AttentionPlan plan;
    private final Setup setup;
    private final KvCache cache;
    private final List<List<Prepared>> blocks = new ArrayList<>();
    private final NDArray slopes;

    /** A segment with its engine arrays. */
    private record Prepared(AttentionPlan.Segment segment, NDArray bias, NDArray cos, NDArray sin,
            boolean rawKeys, NDArray distance) {}

    PassAttention(NDManager pass, AttentionPlan plan, Setup setup, KvCache cache) {
        this.plan = plan;
        this.setup = setup;
        this.cache = cache;
        int group = setup.heads() / setup.kvHeads();
        this.slopes = setup.alibiSlopes() == null ? null
                : pass.create(setup.alibiSlopes(), new Shape(setup.kvHeads(), group, 1, 1)).neg();
        Map<List<Long>, NDArray> masks = new HashMap<>();
        long[] q = plan.queryPositions();
        for (AttentionPlan.Block b : plan.blocks()) {
            List<Prepared> segments = new ArrayList<>();
            for (AttentionPlan.Segment s : b.segments()) {
                segments.add(prepare(pass, b, s, q, masks));
            }
            blocks.add(segments);
        }
    }

    private Prepared prepare(NDManager pass, AttentionPlan.Block b, AttentionPlan.Segment s, long[] q,
            Map<List<Long>, NDArray> masks) {
        Window.Shape shape = setup.shape();
        long[] keyPos = new long[s.count()];
        for (int i = 0; i < keyPos.length; i++) {
            keyPos[i] = cache.position(s.from() + i);
        }
        long[] rowPos = Arrays.copyOfRange(q, b.r0(), b.r1());
        NDArray bias = s.masked() ? mask(pass, s.kind(), rowPos, keyPos, masks) : null;
        boolean global = s.kind() == AttentionPlan.Kind.GLOBAL && shape.distance() != Window.GlobalDistance.TRUE;
        NDArray cos = null;
        NDArray sin = null;
        boolean raw = false;
        long[] effectiveRows = rowPos;
        long[] effectiveKeys = keyPos;
        if (global) {
            effectiveRows = new long[rowPos.length];
            for (int i = 0; i < rowPos.length; i++) {
                effectiveRows[i] = shape.globalQueryPosition(rowPos[i]);
            }
            if (shape.distance() == Window.GlobalDistance.CAPPED) {
                raw = true; // the key unrotated (at 0), the query at the cap
                effectiveKeys = new long[keyPos.length];
            }
            if (setup.table() != null) {
                cos = setup.table().cos(pass, effectiveRows);
                sin = setup.table().sin(pass, effectiveRows);
            }
        }
        NDArray distance = slopes == null ? null : distance(pass, effectiveRows, effectiveKeys);
        return new Prepared(s, bias, cos, sin, raw, distance);
    }

    /** Query minus key position, {@code [rows, keys]}, for ALiBi. */
    private static NDArray distance(NDManager pass, long[] rows, long[] keys) {
        NDArray r = pass.create(toFloat(rows), new Shape(rows.length, 1));
        NDArray k = pass.create(toFloat(keys), new Shape(1, keys.length));
        return r.sub(k);
    }

    private static float[] toFloat(long[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    /** 0 where the row may read the key, -inf elsewhere; shared by blocks with the same layout. */
    private NDArray mask(NDManager pass, AttentionPlan.Kind kind, long[] rows, long[] keys, Map<List<Long>, NDArray> memo) {
        boolean consecutive = rows[rows.length - 1] - rows[0] == rows.length - 1
                && keys[keys.length - 1] - keys[0] == keys.length - 1;
        List<Long> signature = consecutive
                ? List.of((long) kind.ordinal(), (long) rows.length, (long) keys.length, keys[0] - rows[0]) : null;
        if (signature != null && memo.containsKey(signature)) {
            return memo.get(signature);
        }
        long local = setup.shape().local();
        NDArray p = pass.create(rows, new Shape(rows.length, 1));
        NDArray k = pass.create(keys, new Shape(1, keys.length));
        NDArray keep = kind == AttentionPlan.Kind.GLOBAL
                ? k.lte(p.sub(local))
                : k.lte(p).logicalAnd(k.gt(p.sub(local)));
        Shape shape = new Shape(rows.length, keys.length);
        NDArray bias = NDArrays.where(keep, pass.zeros(shape, DataType.FLOAT32),
                pass.full(shape, Float.NEGATIVE_INFINITY, DataType.FLOAT32));
        if (signature != null) {
            memo.put(signature, bias);
        }
        return bias;
    }

    /**
     * Attention output {@code [heads, n, headDim]} of layer {@code layer} for raw queries
     * {@code q} and the same queries rotated at their positions.
     */
    NDArray attend(int layer, NDArray q, NDArray qRotated) {
        NDList out = new NDList();
        for (int i = 0; i < blocks.size(); i++) {
            int index = i;
            out.add(LlamaDecoder.scoped(() -> block(layer, plan.blocks().get(index), blocks.get(index), q, qRotated)));
        }
        return out.size() == 1 ? out.singletonOrThrow() : NDArrays.concat(out, 1);
    }

    /**
     * Attention output of one query block. Adjacent segments read with the queries' own rotation
     * form one run: one score matmul over their slots, each segment's mask or ALiBi term added to
     * its columns in place, so a band or a causal prefix with its masked edge costs one product.
     */
    private NDArray block(int layer, AttentionPlan.Block b, List<Prepared> segments, NDArray q, NDArray qRotated) {
        int kvHeads = setup.kvHeads();
        int group = setup.heads() / kvHeads;
        int rows = b.rows();
        long d = q.getShape().get(2);
        NDIndex rowSlice = new NDIndex(":, {}:{}, :", b.r0(), b.r1());
        NDArray own = qRotated.get(rowSlice);
        List<List<Prepared>> runs = runs(segments);
        NDList scores = new NDList();
        for (List<Prepared> run : runs) {
            Prepared head = run.get(0);
            int from = head.segment().from();
            int to = run.get(run.size() - 1).segment().to();
            NDArray qs = head.cos() == null ? own : RotateHalf.rotate(q.get(rowSlice), head.cos(), head.sin());
            NDArray keys = head.rawKeys() ? cache.rawKeys(layer, from, to) : cache.rotatedKeys(layer, from, to);
            if (head.rawKeys() && setup.table() != null) {
                keys = keys.mul((float) setup.table().frequencies().attentionFactor()); // RoPE at position 0
            }
            // head h uses kv head h / group (transformers' repeat_kv), so fold the group into rows
            NDArray score = qs.reshape(kvHeads, (long) group * rows, d).matMul(keys.transpose(0, 2, 1))
                    .mul((float) setup.scale()).reshape(kvHeads, group, rows, to - from);
            for (Prepared p : run) {
                NDArray term = p.bias();
                if (p.distance() != null) {
                    NDArray alibi = p.distance().mul(slopes);
                    term = term == null ? alibi : alibi.add(term);
                }
                if (term != null) {
                    AttentionPlan.Segment s = p.segment();
                    if (run.size() == 1) {
                        score = score.add(term);
                    } else {
                        NDIndex columns = new NDIndex("..., {}:{}", s.from() - from, s.to() - from);
                        score.set(columns, score.get(columns).add(term));
                    }
                }
            }
            scores.add(score);
        }
        NDArray probs = (scores.size() == 1 ? scores.singletonOrThrow() : NDArrays.concat(scores, -1)).softmax(-1);
        NDArray result = null;
        int offset = 0;
        for (List<Prepared> run : runs) {
            int from = run.get(0).segment().from();
            int to = run.get(run.size() - 1).segment().to();
            int count = to - from;
            NDArray part = runs.size() == 1 ? probs : probs.get(new NDIndex("..., {}:{}", offset, offset + count));
            NDArray weighted = part.reshape(kvHeads, (long) group * rows, count).matMul(cache.values(layer, from, to));
            result = result == null ? weighted : result.add(weighted);
            offset += count;
        }
        return result.reshape(setup.heads(), rows, d);
    }

    /** Segments grouped into runs: adjacent slots, both scored with the queries' own rotation and rotated keys. */
    private static List<List<Prepared>> runs(List<Prepared> segments) {
        List<List<Prepared>> runs = new ArrayList<>();
        List<Prepared> current = null;
        for (Prepared p : segments) {
            boolean plain = p.cos() == null && !p.rawKeys();
            Prepared last = current == null ? null : current.get(current.size() - 1);
            if (last != null && plain && last.cos() == null && !last.rawKeys() && last.segment().to() == p.segment().from()) {
                current.add(p);
            } else {
                current = new ArrayList<>(List.of(p));
                runs.add(current);
            }
        }
        return runs;
    }
}
