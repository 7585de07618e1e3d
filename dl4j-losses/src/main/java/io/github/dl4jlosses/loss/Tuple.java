package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.RowwiseDistance;
import io.github.dl4jlosses.ops.CallWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Concat;
import org.nd4j.linalg.api.ops.impl.shape.Split;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Splits a {@code [B, k·D]} row of concatenated embeddings into its {@code k} blocks, takes differences of blocks
 * and the row-wise distances between them, and joins block gradients back into one {@code [B, k·D]} gradient.
 * <p>
 * The blocks are contiguous copies, not column views: libnd4j (1.0.0-M2.1) runs elementwise ops on a
 * strided column-block view through its generic index path, ~10× slower than on a contiguous array
 * (1.3 ms vs 0.12 ms for a {@code [1024,512]} FLOAT subtraction, one thread), while one {@code split}
 * and one {@code concat} cost ~0.2 ms each. Copies also keep a loss from ever writing into its input. The one
 * exception, {@link #shiftedDifferences}, reads the input's buffer as contiguous runs (the fast path too) and hands
 * out views of a new array, never of the input.
 */
final class Tuple {
    private Tuple() {
    }

    /** The {@code k} blocks of {@code x} ({@code [B, k·D]}), each a contiguous {@code [B, D]} array. */
    static INDArray[] split(INDArray x, int k) {
        return Nd4j.exec(new Split(x, k, 1));
    }

    /**
     * The {@code k} blocks of {@code x} as column-block views, for matrix products only: BLAS reads (and writes) their
     * strided rows directly, so a loss whose blocks only enter products skips the {@link #split} and {@link #join}
     * copies; element-wise ops on these views take the slow path described above.
     */
    static INDArray[] views(INDArray x, int k) {
        long d = x.size(1) / k;
        INDArray[] blocks = new INDArray[k];
        for (int i = 0; i < k; i++) {
            blocks[i] = x.get(NDArrayIndex.all(), NDArrayIndex.interval(i * d, (i + 1) * d));
        }
        return blocks;
    }

    /**
     * The differences of blocks {@code shift} apart, {@code x_j − x_{j+shift}}, as column-block views of one new
     * {@code [B, k·D]} array: element {@code e} of {@code x}'s c-order buffer minus element {@code e + shift·D} is
     * one subtraction of two contiguous runs of that buffer, which libnd4j runs on its fast path, instead of a
     * {@link #split} copy of every block and a subtraction (measured at 512×128 / 1024×512: 0.15 / 0.33 ms against
     * 0.24 / 0.4–1.0 ms). Entry {@code j} of the result is the view of {@code x_j − x_{j+shift}} for
     * {@code j < k − shift}; the array's other blocks are not defined and never read.
     */
    static INDArray[] shiftedDifferences(INDArray x, int k, int shift) {
        long rows = x.size(0);
        long d = x.size(1) / k;
        long n = rows * k * d;
        INDArray flat = x.reshape('c', new long[]{n});
        long run = n - shift * d;
        INDArray result = Nd4j.createUninitialized(x.dataType(), rows, k * d);
        Nd4j.exec(new SubOp(flat.get(NDArrayIndex.interval(0, run)), flat.get(NDArrayIndex.interval(shift * d, n)),
                result.reshape('c', new long[]{n}).get(NDArrayIndex.interval(0, run))));
        INDArray[] differences = new INDArray[k - shift];
        for (int j = 0; j < differences.length; j++) {
            differences[j] = result.get(NDArrayIndex.all(), NDArrayIndex.interval(j * d, (j + 1) * d));
        }
        return differences;
    }

    /**
     * The differences of the anchor block and each other block, {@code x_0 − x_j} for {@code j = 1 … k−1}, each a
     * contiguous {@code [B,D]} array (block {@code j − 1} of one new {@code [k−1, B, D]} array): one broadcasting
     * subtraction of the {@code [B,1,D]} anchor view from the {@code [B,k−1,D]} view of the other blocks, written in
     * block-major order. Every run of {@code D} it reads or writes is contiguous, so libnd4j keeps to its fast path:
     * 0.23 ms for a triplet at 1024×512 against 0.77 ms for a {@link #split} copy and two subtractions (0.41 ms the
     * split alone; FLOAT, 2 threads, session 23).
     */
    static INDArray[] anchoredDifferences(INDArray x, int k) {
        long rows = x.size(0);
        long d = x.size(1) / k;
        INDArray blocks = x.reshape('c', rows, k, d);
        INDArray result = Nd4j.createUninitialized(x.dataType(), k - 1, rows, d);
        Nd4j.exec(new SubOp(blocks.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1), NDArrayIndex.all()),
                blocks.get(NDArrayIndex.all(), NDArrayIndex.interval(1, k), NDArrayIndex.all()),
                result.permute(1, 0, 2)));
        INDArray[] differences = new INDArray[k - 1];
        for (int j = 0; j < differences.length; j++) {
            differences[j] = result.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all());
        }
        return differences;
    }

    /**
     * The row-wise distances {@code d(x_a, x_b)} for the given block pairs {@code {a, b}}, {@code a < b}, of
     * {@code x} ({@code [B, k·D]}). A directional distance (every one but cosine) reads only the difference of its
     * blocks: for a pair of blocks ({@code k = 2}) it comes from {@link #shiftedDifferences} (with
     * {@link TupleGradient}, contrastive's loss + gradient in-JVM A/B at 512×128 / 1024×512 is 0.85 / 0.61 of a split
     * copy with per-block gradients), and when every pair has the anchor, block 0, in it (a triplet without swap,
     * the multi-sample triplet) from {@link #anchoredDifferences}. Otherwise (cosine, which needs both blocks; the
     * swap's {@code d(p, n)}) the blocks are split into copies first. Before all of these: where the host passes
     * take {@code x} (FLOAT on the host) one host pass computes every directional distance from the blocks
     * themselves ({@link Distance#rowwiseOfBlocks}), and {@link TupleGradient} writes the gradient in one more.
     */
    static RowwiseDistance[] distances(Distance distance, INDArray x, int k, int[]... pairs) {
        RowwiseDistance[] ofBlocks = distance.rowwiseOfBlocks(x, k, pairs);
        if (ofBlocks != null) {
            return ofBlocks;
        }
        RowwiseDistance[] result = new RowwiseDistance[pairs.length];
        if (k == 2 && (distance == Distance.EUCLIDEAN || distance == Distance.SQUARED_EUCLIDEAN)) {
            INDArray difference = shiftedDifferences(x, 2, 1)[0];      // x_0 − x_1: the one pair two blocks have
            Arrays.fill(result, distance.rowwiseOfDifference(difference));
            return result;
        }
        if (k > 2 && distance.isDirectional() && Arrays.stream(pairs).allMatch(p -> p[0] == 0)) {
            INDArray[] differences = anchoredDifferences(x, k);
            for (int i = 0; i < pairs.length; i++) {
                result[i] = distance.rowwiseOfDifference(differences[pairs[i][1] - 1]);
            }
            return result;
        }
        INDArray[] blocks = split(x, k);
        for (int i = 0; i < pairs.length; i++) {
            result[i] = distance.rowwiseWithGradient(blocks[pairs[i][0]], blocks[pairs[i][1]]);
        }
        return result;
    }

    /**
     * The {@code [B, k·D]} gradient whose blocks are {@code blockGradients}, a {@link CallWorkspace#result}: what a
     * loss returns as it is (its caller closes it, or {@code RankingLoss.replaced} does when something replaces it).
     */
    static INDArray join(INDArray... blockGradients) {
        INDArray first = blockGradients[0];
        long width = 0;
        for (INDArray block : blockGradients) {
            width += block.size(1);
        }
        INDArray joined = CallWorkspace.result(first.dataType(), first.size(0), width);
        Concat concat = new Concat(1, blockGradients);
        concat.addOutputArgument(joined);
        Nd4j.exec(concat);
        return joined;
    }
}
