package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.RowwiseDistance;
import io.github.dl4jlosses.ops.CallWorkspace;
import io.github.dl4jlosses.ops.VectorRows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * The gradient {@code [B, k·D]} of a tuple loss, {@code [x_1 | … | x_k]}, that depends on its blocks through row-wise
 * distances between them: each distance {@code d(x_a, x_b)} with upstream gradient {@code dL/dd} is {@link #add}ed,
 * {@link #joined} gives the sum.
 * <p>
 * Why not per-block arrays and a concat: a directional distance's gradient (every distance but cosine, see
 * {@link RowwiseDistance#isDirectional}) is {@code +c ⊙ v} on block {@code a} and {@code −c ⊙ v} on block {@code b},
 * one direction {@code v [B,D]} and one coefficient per row, so its share of all {@code k} blocks is one broadcast
 * product {@code v[B,1,D] × w[B,k,1]} written in the joined layout, {@code w} holding {@code ±c} in columns
 * {@code a} and {@code b}. For one or two distances this replaces the per-block scaling, negation and the concat:
 * loss + gradient in-JVM A/B at 512×128 / 1024×512 (FLOAT, 2 threads, 24 interleaved rounds), contrastive 0.86 / 0.79
 * and triplet 0.96 / 0.99 of the per-block route. The product writes all {@code k} blocks, so with more distances
 * the per-block route is kept, except for distances from the anchor alone (a triplet without swap, the multi-sample
 * triplet), whose blocks are written contiguously and put in place by one copy ({@link #anchoredBlocks}). The joined
 * array is allocated as the call's result ({@link CallWorkspace#result}).
 */
final class TupleGradient {
    /** Beyond this many distances each broadcast product writes more than the per-block route does. */
    private static final int MAX_BROADCAST_TERMS = 2;

    private final int k;
    private final long rows;
    private final long width;
    private final DataType type;
    private final INDArray tuple;
    private final List<Term> terms = new ArrayList<>();

    /**
     * @param k     the blocks in a row
     * @param tuple the loss's input {@code [B, k·D]} (its shape and type are the gradient's)
     */
    TupleGradient(int k, INDArray tuple) {
        this.k = k;
        this.rows = tuple.size(0);
        this.width = tuple.size(1) / k;
        this.type = tuple.dataType();
        this.tuple = tuple;
    }

    /**
     * Adds the gradient through {@code d = d(x_a, x_b)} with {@code dL/dd = scale · g}.
     *
     * @param d the distance between blocks {@code a} and {@code b}
     * @param g one value per row, on the heap (the losses take their hinges there, see {@link TupleLoss}); read only
     */
    TupleGradient add(RowwiseDistance d, int a, int b, double[] g, double scale) {
        terms.add(new Term(d, a, b, g, scale));
        return this;
    }

    /** The sum of what was added, {@code [B, k·D]}: a new array. */
    INDArray joined() {
        if (!terms.isEmpty() && terms.stream().allMatch(t -> t.distance.isOfBlocks())) {
            return ofBlocks();
        }
        boolean directional = terms.stream().allMatch(t -> t.distance.isDirectional());
        boolean[] named = directional && k > 2 ? anchoredNames() : null;
        if (named != null) {
            return anchoredBlocks(named);
        }
        return directional && terms.size() <= MAX_BROADCAST_TERMS ? broadcast() : perBlock();
    }

    /**
     * Distances a host pass computed from the tuple's blocks ({@code Distance.rowwiseOfBlocks}): one more host pass
     * writes every row of the gradient once ({@link VectorRows#blockGradient}), from each term's per-row coefficients.
     */
    private INDArray ofBlocks() {
        int[][] pairs = new int[terms.size()][];
        float[][] coef = new float[terms.size()][];
        for (int i = 0; i < pairs.length; i++) {
            Term t = terms.get(i);
            pairs[i] = new int[]{t.a, t.b};
            coef[i] = t.distance.hostCoefficients(t.onHost, t.scale);
        }
        INDArray joined = CallWorkspace.result(type, rows, k * width);      // returned itself, not a view of it
        VectorRows.blockGradient(tuple, k, pairs, terms.get(0).distance.isManhattan(), coef, joined);
        return joined;
    }

    /**
     * The blocks the terms name when every term is a distance from the anchor, block 0, to a block no other term
     * names; else null.
     */
    private boolean[] anchoredNames() {
        boolean[] named = new boolean[k];
        for (Term t : terms) {
            if (t.a != 0 || t.b == 0 || named[t.b]) {
                return null;
            }
            named[t.b] = true;
        }
        return named;
    }

    /**
     * Distances from the anchor only (a triplet without swap, the multi-sample triplet): block {@code b}'s gradient is
     * {@code −s·c ⊙ v} of its one term and the anchor's is minus their sum. Each is written as a contiguous block of
     * a block-major {@code [k, B, D]} array (one broadcast product per term, {@code k − 2} additions), which one
     * strided copy puts in the {@code [B, k·D]} layout: writing into the interleaved layout directly would take
     * libnd4j's slow path (5.6 ms against 0.24 ms for the same {@code [B,2,D]} write as a copy at 1024×512), and the
     * {@link #broadcast} products write all {@code k} blocks once per term.
     */
    private INDArray anchoredBlocks(boolean[] named) {
        INDArray blocks = Nd4j.createUninitialized(type, k, rows, width);
        for (Term t : terms) {
            INDArray c = t.distance.coefficient(t.g()).mul(-t.scale);
            Nd4j.exec(new MulOp(t.distance.direction(), c, block(blocks, t.b)));
        }
        INDArray anchor = block(blocks, 0);
        boolean first = true;
        for (int b = 1; b < k; b++) {
            if (!named[b]) {
                block(blocks, b).assign(0.0);
            } else if (first) {
                anchor.assign(block(blocks, b));
                first = false;
            } else {
                anchor.addi(block(blocks, b));
            }
        }
        if (first) {
            anchor.assign(0.0);                     // no term: a zero gradient
        } else {
            anchor.negi();
        }
        INDArray joined = CallWorkspace.result(type, rows, k * width);      // returned itself, not a view of it
        joined.reshape(rows, k, width).assign(blocks.permute(1, 0, 2));
        return joined;
    }

    private static INDArray block(INDArray blocks, int b) {
        return blocks.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.all());
    }

    private INDArray broadcast() {
        INDArray joined = CallWorkspace.result(type, rows, k * width);      // returned itself, not a view of it
        INDArray sum = joined.reshape(rows, k, width);
        for (int i = 0; i < terms.size(); i++) {
            Term t = terms.get(i);
            INDArray signs = Nd4j.zeros(type, 1, k);
            signs.putScalar(0, t.a, t.scale);
            signs.putScalar(0, t.b, -t.scale);
            INDArray w = Nd4j.exec(new MulOp(t.distance.coefficient(t.g()), signs,
                    Nd4j.createUninitialized(type, rows, k)))[0].reshape(rows, k, 1);
            INDArray v = t.distance.direction().reshape(rows, 1, width);
            if (i == 0) {
                Nd4j.exec(new MulOp(v, w, sum));
            } else {
                sum.addi(Nd4j.exec(new MulOp(v, w, Nd4j.createUninitialized(type, rows, k, width)))[0]);
            }
        }
        return joined;
    }

    private INDArray perBlock() {
        INDArray[] grad = new INDArray[k];
        for (int j = 0; j < k; j++) {
            grad[j] = Nd4j.zeros(type, rows, width);
        }
        for (Term t : terms) {
            t.distance.addGradient(t.scale == 1.0 ? t.g() : t.g().mul(t.scale), grad[t.a], grad[t.b]);
        }
        return Tuple.join(grad);
    }

    private final class Term {
        final RowwiseDistance distance;
        final int a;
        final int b;
        /** {@code g} on the heap, as the host pass takes it. */
        final double[] onHost;
        /** {@code g} as an array, made from {@link #onHost} when a route of libnd4j's ops needs it. */
        private INDArray g;
        final double scale;

        Term(RowwiseDistance distance, int a, int b, double[] onHost, double scale) {
            this.distance = distance;
            this.a = a;
            this.b = b;
            this.onHost = onHost;
            this.scale = scale;
        }

        /** {@code g} as a {@code [B,1]} array, as libnd4j's ops take it. */
        INDArray g() {
            if (g == null) {
                g = Nd4j.create(onHost, new long[]{onHost.length, 1}, type);
            }
            return g;
        }
    }
}
