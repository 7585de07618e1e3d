package io.github.dl4jlosses.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Row-wise passes over FLOAT matrices on the host: the row softmaxes (plain, masked, scaled against the diagonal),
 * row sums, squared row norms, rows scaled by a factor each, the way back through a normalisation, masked row extremes
 * and thresholds, class masks, the distances between the blocks of a tuple's rows and their gradient, the gradient of
 * picked pairs and row scatter-adds. libnd4j's generic natives run these as scalar loops, several passes and arrays
 * each (the softmax takes every exponential with glibc's scalar {@code expf}: 1.9–4.4 ms for a {@code [1024,1024]}
 * matrix on 2 cores, against 0.38 ms on the Vector API and PyTorch's ~0.5 ms). They run vectorised by the JDK's Vector
 * API where the JVM has {@code --add-modules jdk.incubator.vector} (Java 17+) on an x86-64 CPU with 256- or 512-bit
 * vectors, and as plain Java loops ({@link ScalarRowsKernel}, its exponentials in loops the JIT vectorises) everywhere
 * else; {@link #acceptsOnHost} says whether a caller's array goes to them. For other data types, views or the CUDA
 * backend it is false and the callers keep their ND4J ops.
 * <p>
 * Rows are split among the calling thread and the common fork-join pool; each row is computed by one thread, so the
 * result does not depend on the split. Nothing is allocated off-heap: the kernel reads and writes the arrays' buffers
 * (the callers allocate the outputs, in their workspace). {@code -Ddl4jlosses.vectorRows=false} turns it off for the
 * process, {@link #setEnabled} at run time (A/B runs, tests).
 */
public final class VectorRows {
    private static final Logger log = LoggerFactory.getLogger(VectorRows.class);

    /**
     * The host passes, which {@link ScalarRowsKernel}'s plain loops run where the vector kernel cannot load (the JVM
     * runs without the module), so that every pass stays on the host on every JVM: the softmaxes, the tuple losses'
     * distances, row extremes, scatter-adds, class masks, thresholds, mined pairs' gradient, row sums, row norms and
     * normalisation.
     */
    interface HostKernel {
        /**
         * {@code target}'s row {@code rows[i]} += {@code updates}' row i, for each i in turn (a row may repeat; one
         * thread).
         */
        void addRows(FloatBuffer target, int[] rows, FloatBuffer updates, int columns);

        /**
         * {@code value[r]} = the largest ({@code largest}) or smallest {@code x_rj} where {@code mask_rj ≠ 0} (every
         * entry when {@code mask} is null), for the
         * rows {@code [from, to)}; {@code −∞} (largest) or {@code +∞} where the row keeps none. Unless {@code index} is
         * null, {@code index[r]} = the lowest kept j where {@code x_rj} is that value, −1 where the row keeps none.
         */
        void maskedExtremes(FloatBuffer x, FloatBuffer mask, boolean largest, float[] value, int[] index, int from,
                            int to, int columns);

        /**
         * For the rows {@code [from, to)} of a row-major {@code [R, k·width]} array of {@code k} blocks and each pair
         * {@code p = {a, b}} of blocks: {@code out[p][r] = Σ_j (x_{r,a,j} − x_{r,b,j})²}, or {@code Σ_j |…|} when
         * {@code manhattan}.
         */
        void blockDistances(FloatBuffer x, int k, int[][] pairs, boolean manhattan, float[][] out, int from, int to,
                            int width);

        /**
         * For the rows {@code [from, to)}: {@code out}'s row r becomes {@code Σ_p coef[p][r]·v_p} on block {@code a_p}
         * and {@code −Σ_p coef[p][r]·v_p} on block {@code b_p}, with {@code v_p = x_{r,a} − x_{r,b}} (its sign when
         * {@code manhattan}); 0 on blocks no pair names.
         */
        void blockGradient(FloatBuffer x, int k, int[][] pairs, boolean manhattan, float[][] coef, FloatBuffer out,
                           int from, int to, int width);

        /**
         * {@code out_rj = mask_rj} where {@code x_rj > threshold[r]} ({@code above}) or {@code x_rj < threshold[r]},
         * else 0, for the rows {@code [from, to)}.
         */
        void keepBeyond(FloatBuffer x, FloatBuffer mask, float[] threshold, boolean above, FloatBuffer out, int from,
                        int to, int columns);

        /**
         * For the rows {@code [from, to)}: {@code positives_rj = 1} where {@code referenceIds[j] == queryIds[r]} and
         * {@code j ≠ r}, else 0; {@code negatives_rj = 1} where the ids differ, else 0.
         */
        void classMasks(float[] queryIds, float[] referenceIds, FloatBuffer positives, FloatBuffer negatives, int from,
                        int to, int columns);

        /**
         * For every row a of x (c columns) and slot s of {@code perRow}, with {@code t = a·perRow + s} and
         * {@code coef[t] ≠ 0}: {@code u = coef[t]·(x_a − y_{rows[t]})}, {@code grad_a += u} and, when
         * {@code throughReferences}, {@code grad_{rows[t]} −= u}; {@code grad} is row-major {@code [R,c]}.
         */
        void pickedDifferences(FloatBuffer x, FloatBuffer y, int[] rows, float[] coef, int perRow,
                               boolean throughReferences, float[] grad, int queries, int columns);

        /**
         * {@code out}'s rows {@code [from, to)} become the softmax of {@code in}'s (row-major, c columns), and
         * {@code lse[r]} their log-sum-exp.
         */
        void softmax(FloatBuffer in, FloatBuffer out, float[] lse, int from, int to, int columns);

        /**
         * For the rows {@code [from, to)} of a square {@code c}, with {@code w_rj = rowScale[r]·colScale[j]} and
         * {@code s_j = w_rj·c_rj}: {@code loss[r] = log Σ_j exp(s_j) − s_r}, and {@code out}'s row r becomes
         * {@code w_rj·(softmax(s)_j − [j = r])}.
         */
        void scaledSoftmaxAgainstDiagonal(FloatBuffer c, FloatBuffer out, float[] rowScale, float[] colScale,
                                          float[] loss, int from, int to, int columns);

        /**
         * For the rows {@code [from, to)}, over the entries where {@code mask_rj ≠ 0} (kept), with
         * {@code s_j = scale·(x_rj + shift)}, {@code m} the largest kept {@code s_j} (at least 0 when {@code addOne}) and
         * {@code Σ = Σ_kept exp(s_j − m)} (plus {@code exp(−m)} when {@code addOne}): {@code lse[r] = m + log Σ},
         * {@code out}'s row r becomes {@code exp(s_j − m)/Σ} where kept and 0 elsewhere, {@code kept[r]} the
         * number of kept entries. A row that keeps nothing gets {@code lse = 0} and a zero row.
         */
        void maskedSoftmax(FloatBuffer x, FloatBuffer mask, FloatBuffer out, float scale, float shift, boolean addOne,
                           float[] lse, float[] kept, int from, int to, int columns);

        /** {@code out[r] = Σ_j x_rj} for the rows {@code [from, to)}. */
        void rowSums(FloatBuffer x, float[] out, int from, int to, int columns);

        /** {@code out[r] = Σ_j x_rj²} for the rows {@code [from, to)}. */
        void squaredNorms(FloatBuffer x, float[] out, int from, int to, int columns);

        /** {@code out}'s row r becomes {@code factor[r]·x_r} for the rows {@code [from, to)}. */
        void scale(FloatBuffer x, float[] factor, FloatBuffer out, int from, int to, int columns);

        /** {@code g_r ← (g_r − along[r]·(g_r·u_r)·u_r)·factor[r]} in place, for the rows {@code [from, to)}. */
        void removeAlong(FloatBuffer g, FloatBuffer u, float[] along, float[] factor, int from, int to, int columns);
    }

    /** The vectorised row loops, {@code VectorRowsKernel} in {@code src/main/java-vector} (Java 17). */
    interface Kernel extends HostKernel {
        /** The width of the vectors the kernel computes with, in bits. */
        int vectorBits();
    }

    /** A kernel call over the rows {@code [from, to)}. */
    private interface RowRange {
        void run(int from, int to);
    }

    static final String PROPERTY = "dl4jlosses.vectorRows";
    private static final String KERNEL_CLASS = "io.github.dl4jlosses.ops.VectorRowsKernel";
    /** Fewer entries than this go to one thread: handing half of them to the pool costs more than it saves. */
    private static final long ENTRIES_PER_TASK = 1 << 15;

    private static final Kernel KERNEL = load();
    private static final HostKernel PLAIN = scalarUnlessTurnedOff();
    /** The host passes: the vector kernel where it loaded, else plain loops; null where turned off. */
    private static volatile HostKernel host = KERNEL != null ? KERNEL : PLAIN;
    private static volatile boolean enabled = host != null;

    private VectorRows() {
    }

    /** Whether the vector kernel could be loaded in this JVM (module present, x86-64, 256-bit vectors or wider). */
    public static boolean available() {
        return KERNEL != null;
    }

    /**
     * Whether the host passes run ({@link #acceptsOnHost}): with the vector kernel or, without the module, as plain
     * loops; false only where {@code -Ddl4jlosses.vectorRows=false} turned them off.
     */
    public static boolean hostPassesAvailable() {
        return host != null;
    }

    /** Whether {@link #accepts} and {@link #acceptsOnHost} may say yes: not turned off. */
    public static boolean enabled() {
        return enabled;
    }

    /**
     * Turns the host passes on or off for the process (they start on unless {@code -Ddl4jlosses.vectorRows=false});
     * off, every caller takes libnd4j's ops. On, {@link #accepts} still needs the vector kernel ({@link #available}).
     *
     * @throws IllegalArgumentException to turn them on where the system property turned them off
     */
    public static void setEnabled(boolean on) {
        if (on && host == null) {
            throw new IllegalArgumentException("the host passes were turned off by -D" + PROPERTY + "=false; this JVM "
                    + "has " + describe());
        }
        enabled = on;
    }

    /**
     * Whether the vector kernel takes {@code x}: {@link #available}, enabled, and {@link #acceptsOnHost} takes it. The
     * callers ask {@link #acceptsOnHost}, which the plain loops serve too; this says which kernel runs.
     */
    public static boolean accepts(INDArray x) {
        return KERNEL != null && acceptsOnHost(x);
    }

    /**
     * Whether the host passes take {@code x} (every pass of {@link HostKernel}), with the vector kernel or without it:
     * enabled, a FLOAT matrix that is the whole of its buffer on the CPU backend
     * ({@link HostValues#wholeBufferOnHost}), with fewer than 2³¹ entries.
     */
    public static boolean acceptsOnHost(INDArray x) {
        return enabled && host != null && x.rank() == 2 && x.dataType() == DataType.FLOAT
                && x.length() <= Integer.MAX_VALUE && HostValues.wholeBufferOnHost(x);
    }

    /** Whether {@link #acceptsOnHost} takes both arrays and they have one shape. */
    public static boolean acceptsOnHost(INDArray x, INDArray other) {
        return acceptsOnHost(x) && acceptsOnHost(other) && Arrays.equals(x.shape(), other.shape());
    }

    /**
     * Runs the host passes as plain loops ({@code plain}) or, where it loaded, on the vector kernel (its default): tests
     * run both where the vector kernel loads.
     */
    static void usePlainLoops(boolean plain) {
        host = plain || KERNEL == null ? PLAIN : KERNEL;
    }

    /** Whether the host passes run as plain loops. */
    static boolean usesPlainLoops() {
        return host != null && host == PLAIN;
    }

    /**
     * Writes the row-wise softmax of {@code x} into {@code out} ({@code out} may be {@code x}); returns each row's
     * log-sum-exp {@code log Σ_j exp(x_ij)} (on the heap; the pass has the row's largest entry and sum at hand).
     */
    public static float[] softmax(INDArray x, INDArray out) {
        requireOnHost(x, out);
        FloatBuffer in = floats(x);
        FloatBuffer to = x == out ? in : floats(out);
        float[] lse = new float[(int) x.rows()];
        forRows(x, (from, until) -> host.softmax(in, to, lse, from, until, (int) x.columns()));
        return lse;
    }

    /**
     * The cross-entropy of each row of the softmax of {@code s_ij = rowScale[i]·colScale[j]·c_ij} against its diagonal
     * entry, {@code log Σ_j exp(s_ij) − s_ii} (returned, on the heap), with {@code c} (square) overwritten by
     * {@code rowScale[i]·colScale[j]·(softmax(s)_ij − [i = j])}: the softmax of cosine logits taken from the products of
     * raw rows, and its gradient scaled back for products with those raw rows (see {@code LossInfoNCE}).
     */
    public static float[] scaledSoftmaxAgainstDiagonal(INDArray c, float[] rowScale, float[] colScale) {
        requireOnHost(c, c);
        if (c.rows() != c.columns()) {
            throw new IllegalArgumentException("expected a square matrix, got " + describe(c));
        }
        requireRows(c, rowScale, "rowScale");
        requireRows(c, colScale, "colScale");
        FloatBuffer b = floats(c);
        float[] loss = new float[(int) c.rows()];
        forRows(c, (from, until) -> host.scaledSoftmaxAgainstDiagonal(b, b, rowScale, colScale, loss, from, until,
                (int) c.columns()));
        return loss;
    }

    /** What {@link #maskedSoftmax} gives per row, on the heap. */
    public static final class MaskedRows {
        /** The log-sum-exp of each row's kept logits (and the extra 0 logit, if asked for); 0 where a row keeps none. */
        public final float[] logSumExp;
        /** The number of entries each row keeps. */
        public final float[] kept;

        MaskedRows(float[] logSumExp, float[] kept) {
            this.logSumExp = logSumExp;
            this.kept = kept;
        }
    }

    /**
     * The softmax of each row of {@code s = scale·(x + shift)} over the entries where the 0/1 {@code mask} is 1, with an
     * extra logit 0 when {@code addOne}, written into {@code out} (0 where the mask is 0;
     * {@code out} may be {@code x}); the rows' log-sum-exp and kept counts are returned. One pass per row reads
     * {@code x} and the mask and takes the exponentials shifted by the row's largest kept logit, so nothing overflows
     * whatever the logits' range; a row that keeps nothing gets log-sum-exp 0 and a zero row (see
     * {@code MaskedSoftmax}).
     */
    public static MaskedRows maskedSoftmax(INDArray x, INDArray mask, float scale, float shift, boolean addOne,
                                           INDArray out) {
        requireOnHost(x, mask);
        requireOnHost(x, out);
        FloatBuffer in = floats(x);
        FloatBuffer keep = floats(mask);
        FloatBuffer to = x == out ? in : floats(out);
        float[] lse = new float[(int) x.rows()];
        float[] kept = new float[lse.length];
        forRows(x, (from, until) -> host.maskedSoftmax(in, keep, to, scale, shift, addOne, lse, kept, from,
                until, (int) x.columns()));
        return new MaskedRows(lse, kept);
    }

    /**
     * The largest ({@code largest}) or smallest entry of each row of {@code x} where the 0/1 {@code mask} is 1, on the
     * heap: {@code −∞} (largest) or {@code +∞} for a row that keeps none, so that a comparison with it keeps nothing.
     */
    public static float[] maskedExtremes(INDArray x, INDArray mask, boolean largest) {
        requireOnHost(x, mask);
        FloatBuffer in = floats(x);
        FloatBuffer keep = floats(mask);
        float[] value = new float[(int) x.rows()];
        forRows(x, (from, until) -> host.maskedExtremes(in, keep, largest, value, null, from, until,
                (int) x.columns()));
        return value;
    }

    /**
     * {@link #maskedExtremes} with where each was found: writes the extremes into {@code value} (one per row) and
     * returns each one's column, the lowest where several entries tie, −1 for a row that keeps none.
     */
    public static int[] maskedExtremeColumns(INDArray x, INDArray mask, boolean largest, float[] value) {
        requireOnHost(x, mask);
        requireRows(x, value, "value");
        FloatBuffer in = floats(x);
        FloatBuffer keep = floats(mask);
        int[] index = new int[value.length];
        forRows(x, (from, until) -> host.maskedExtremes(in, keep, largest, value, index, from, until,
                (int) x.columns()));
        return index;
    }

    /**
     * {@link #maskedExtremeColumns} over every entry: each row's largest ({@code largest}) or smallest entry, written
     * into {@code value}, and its column (the lowest where several tie).
     */
    public static int[] extremeColumns(INDArray x, boolean largest, float[] value) {
        requireOnHost(x, x);
        requireRows(x, value, "value");
        FloatBuffer in = floats(x);
        int[] index = new int[value.length];
        forRows(x, (from, until) -> host.maskedExtremes(in, null, largest, value, index, from, until,
                (int) x.columns()));
        return index;
    }

    /**
     * {@code target[rows[i]] += updates[i]} for each row i of {@code updates} ({@code [N,D]}; an index may repeat), in
     * place, on the calling thread: libnd4j's {@code scatter_add} locks per row (16% of the generalized triplet at
     * 512×128).
     *
     * @return {@code target}
     */
    public static INDArray addRows(INDArray target, int[] rows, INDArray updates) {
        if (!acceptsOnHost(target) || !acceptsOnHost(updates) || target.columns() != updates.columns()
                || rows.length != updates.rows()) {
            throw new IllegalArgumentException("expected FLOAT matrices [M,D] and [N,D] on the host and N row indices, "
                    + "got " + describe(target) + ", " + describe(updates) + " and " + rows.length + " indices");
        }
        for (int r : rows) {
            if (r < 0 || r >= target.rows()) {
                throw new IllegalArgumentException("expected row indices in [0, " + target.rows() + "), got " + r);
            }
        }
        host.addRows(floats(target), rows, floats(updates), (int) target.columns());
        return target;
    }

    /**
     * A new 0/1 mask: {@code mask_ij} where {@code x_ij > threshold[i]} ({@code above}) or {@code x_ij < threshold[i]},
     * else 0 (a miner's rule against each row's own threshold; a NaN threshold keeps nothing).
     */
    public static INDArray keepBeyond(INDArray x, INDArray mask, float[] threshold, boolean above) {
        requireOnHost(x, mask);
        requireRows(x, threshold, "threshold");
        INDArray kept = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        FloatBuffer in = floats(x);
        FloatBuffer keep = floats(mask);
        FloatBuffer out = floats(kept);
        forRows(x, (from, until) -> host.keepBeyond(in, keep, threshold, above, out, from, until,
                (int) x.columns()));
        return kept;
    }

    /**
     * The candidate positives and negatives of B queries among M references that begin with them, as new FLOAT
     * {@code [B,M]} 0/1 masks: {@code [positives, negatives]}, a positive where the class ids are equal and the
     * reference is not the query itself ({@code j ≠ i}), a negative where they differ. The ids are compared as floats:
     * the caller passes ids that floats hold exactly.
     *
     * @throws IllegalArgumentException where the kernels are off, or there are more queries than references
     */
    public static INDArray[] classMasks(float[] queryIds, float[] referenceIds) {
        if (!enabled || host == null || queryIds.length > referenceIds.length) {
            throw new IllegalArgumentException("expected the host passes enabled (" + enabled + ") and at most as "
                    + "many queries as references, got " + queryIds.length + " and " + referenceIds.length);
        }
        INDArray positives = Nd4j.createUninitialized(DataType.FLOAT, queryIds.length, referenceIds.length);
        INDArray negatives = Nd4j.createUninitialized(DataType.FLOAT, queryIds.length, referenceIds.length);
        requireOnHost(positives, negatives);
        FloatBuffer p = floats(positives);
        FloatBuffer n = floats(negatives);
        forRows(positives, (from, until) -> host.classMasks(queryIds, referenceIds, p, n, from, until,
                referenceIds.length));
        return new INDArray[]{positives, negatives};
    }

    /**
     * {@code Σ_{a,s} coef[a·K + s]·(e_a − [throughReferences]·e_J)(x_a − y_J)ᵀ} with {@code J = rows[a·K + s]}: the
     * gradient of a loss that picked K entries per row of a squared-Euclidean-like distance matrix, through its queries
     * {@code x [B,D]} and, when {@code throughReferences}, its references {@code y [M,D]} (the same array, then). A new
     * FLOAT {@code [B,D]} array. One thread: the scatter into the references' rows would race; it reads each picked
     * reference row once (B·K row reads, where libnd4j's gather, broadcast and locked scatter take a pass each).
     *
     * @throws IllegalArgumentException for matrices the kernels do not take, {@code y} not {@code x} when
     *                                  {@code throughReferences}, or a row index outside {@code y}
     */
    public static INDArray pickedDifferences(INDArray x, INDArray y, int[] rows, float[] coef, int perRow,
                                             boolean throughReferences) {
        if (!acceptsOnHost(x) || !acceptsOnHost(y) || x.columns() != y.columns() || (throughReferences && x != y)
                || rows.length != coef.length || rows.length != x.rows() * perRow) {
            throw new IllegalArgumentException("expected FLOAT matrices [B,D] and [M,D] on the host (one array when "
                    + "through the references) and " + perRow + " picks for each of their rows, got " + describe(x)
                    + ", " + describe(y) + ", " + rows.length + " indices and " + coef.length + " weights");
        }
        for (int r : rows) {
            if (r < 0 || r >= y.rows()) {
                throw new IllegalArgumentException("expected row indices in [0, " + y.rows() + "), got " + r);
            }
        }
        int columns = (int) x.columns();
        float[] grad = new float[(int) x.length()];
        host.pickedDifferences(floats(x), floats(y), rows, coef, perRow, throughReferences, grad, (int) x.rows(),
                columns);
        return Nd4j.create(grad, new long[]{x.rows(), columns}, DataType.FLOAT);
    }

    /**
     * Whether the block passes take {@code x} as {@code k} blocks: {@link #acceptsOnHost} and a width {@code k} divides.
     */
    public static boolean acceptsBlocks(INDArray x, int k) {
        return acceptsOnHost(x) && k > 0 && x.columns() % k == 0;
    }

    /**
     * For each pair {@code {a, b}} of the {@code k} blocks of each row of {@code x} ({@code [B, k·D]}), on the heap:
     * {@code Σ_j (x_a − x_b)_j²} ({@code [pair][row]}), or {@code Σ_j |x_a − x_b|_j} when {@code manhattan}. One pass
     * over {@code x}, nothing allocated off-heap: the differences a tuple loss's distances need, without the
     * {@code [B,D]} arrays of differences (see {@code Tuple} in the losses).
     */
    public static float[][] blockDistances(INDArray x, int k, int[][] pairs, boolean manhattan) {
        requireBlocks(x, k, pairs);
        FloatBuffer in = floats(x);
        float[][] out = new float[pairs.length][(int) x.rows()];
        forRows(x, (from, until) -> host.blockDistances(in, k, pairs, manhattan, out, from, until,
                (int) x.columns() / k));
        return out;
    }

    /**
     * Writes into {@code out} (the shape of {@code x}, {@code [B, k·D]}) the gradient of a loss through the
     * distances between blocks of {@code x}: for each pair {@code p = {a, b}}, {@code coef[p][r]·v} on block {@code a}
     * of row r and {@code −coef[p][r]·v} on block {@code b}, {@code v = x_a − x_b} (its sign when {@code manhattan});
     * blocks no pair names get 0. Each row is read and written once.
     */
    public static void blockGradient(INDArray x, int k, int[][] pairs, boolean manhattan, float[][] coef,
                                     INDArray out) {
        requireBlocks(x, k, pairs);
        requireOnHost(x, out);
        if (coef.length != pairs.length) {
            throw new IllegalArgumentException("expected one coefficient row per pair, " + pairs.length + ", got "
                    + coef.length);
        }
        for (float[] c : coef) {
            requireRows(x, c, "coef");
        }
        FloatBuffer in = floats(x);
        FloatBuffer to = floats(out);
        forRows(x, (from, until) -> host.blockGradient(in, k, pairs, manhattan, coef, to, from, until,
                (int) x.columns() / k));
    }

    private static void requireBlocks(INDArray x, int k, int[][] pairs) {
        if (!acceptsBlocks(x, k)) {
            throw new IllegalArgumentException("expected a FLOAT matrix of " + k + " blocks, the whole of its host "
                    + "buffer, with the host passes enabled (" + enabled + "); got " + describe(x));
        }
        for (int[] p : pairs) {
            if (p.length != 2 || p[0] < 0 || p[0] >= k || p[1] < 0 || p[1] >= k || p[0] == p[1]) {
                throw new IllegalArgumentException("expected pairs of two different blocks in [0, " + k + "), got "
                        + Arrays.toString(p));
            }
        }
    }

    /** {@code Σ_j x_ij} of each row of {@code x}, on the heap. */
    public static float[] rowSums(INDArray x) {
        requireOnHost(x, x);
        FloatBuffer in = floats(x);
        float[] out = new float[(int) x.rows()];
        forRows(x, (from, until) -> host.rowSums(in, out, from, until, (int) x.columns()));
        return out;
    }

    /** {@code Σ_j x_ij²} of each row of {@code x}, on the heap. */
    public static float[] squaredNorms(INDArray x) {
        requireOnHost(x, x);
        FloatBuffer in = floats(x);
        float[] out = new float[(int) x.rows()];
        forRows(x, (from, until) -> host.squaredNorms(in, out, from, until, (int) x.columns()));
        return out;
    }

    /** Writes {@code factor[i]·x_i} into row i of {@code out} ({@code out} may be {@code x}). */
    public static void scale(INDArray x, float[] factor, INDArray out) {
        requireOnHost(x, out);
        requireRows(x, factor, "factor");
        FloatBuffer in = floats(x);
        FloatBuffer to = x == out ? in : floats(out);
        forRows(x, (from, until) -> host.scale(in, factor, to, from, until, (int) x.columns()));
    }

    /**
     * {@code g_i ← (g_i − along[i]·(g_i·u_i)·u_i)·factor[i]} for each row, in place: the way back through a row
     * normalisation {@code u = x/‖x‖} is {@code along = 1}, {@code factor = 1/‖x‖} (see {@code UnitRows}).
     */
    public static void removeAlong(INDArray g, INDArray u, float[] along, float[] factor) {
        requireOnHost(g, u);
        requireRows(g, along, "along");
        requireRows(g, factor, "factor");
        FloatBuffer gb = floats(g);
        FloatBuffer ub = floats(u);
        forRows(g, (from, until) -> host.removeAlong(gb, ub, along, factor, from, until, (int) g.columns()));
    }

    /**
     * {@code out = x + xᵀ} for a square {@code x} ({@code out} not {@code x}): each thread takes a band of rows, reads
     * it in one copy and adds the matching columns of x to it ({@link ScalarRowsKernel#addTransposed}, plain loops
     * with the vector kernel too: the pass is a copy and a transposition, no arithmetic to vectorise). libnd4j takes a
     * copy of the transposed view and an addition, two passes and an array.
     *
     * @return {@code out}
     */
    public static INDArray addTransposed(INDArray x, INDArray out) {
        requireOnHost(x, out);
        if (x.rows() != x.columns() || x == out) {
            throw new IllegalArgumentException("expected a square matrix and another array for the result, got "
                    + describe(x) + (x == out ? " for both" : ""));
        }
        FloatBuffer in = floats(x);
        FloatBuffer to = floats(out);
        int n = (int) x.rows();
        forRows(x, (from, until) -> ScalarRowsKernel.addTransposed(in, to, from, until, n));
        return out;
    }

    private static void requireOnHost(INDArray x, INDArray other) {
        if (!acceptsOnHost(x, other)) {
            throw new IllegalArgumentException("expected FLOAT matrices of one shape, each the whole of its host "
                    + "buffer, with the host passes enabled (" + enabled + "); got " + describe(x) + " and "
                    + describe(other));
        }
    }

    private static void requireRows(INDArray x, float[] perRow, String name) {
        if (perRow.length != x.rows()) {
            throw new IllegalArgumentException("expected " + name + " with one value per row, " + x.rows()
                    + ", got " + perRow.length);
        }
    }

    private static String describe(INDArray x) {
        return x.shapeInfoToString().replace('\n', ' ');
    }

    /** Runs {@code kernel} over the rows of {@code x}: on the calling thread, or split with the common pool. */
    private static void forRows(INDArray x, RowRange kernel) {
        int rows = (int) x.rows();
        int tasks = (int) Math.max(1, Math.min(ForkJoinPool.getCommonPoolParallelism() + 1L,
                Math.min(rows, x.length() / ENTRIES_PER_TASK)));
        if (tasks == 1) {
            kernel.run(0, rows);
        } else {
            IntStream.range(0, tasks).parallel().forEach(
                    t -> kernel.run((int) ((long) rows * t / tasks), (int) ((long) rows * (t + 1) / tasks)));
        }
    }

    private static FloatBuffer floats(INDArray x) {
        return x.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static Kernel load() {
        String why = null;
        Kernel kernel = null;
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            why = "-D" + PROPERTY + "=false";
        } else if (!isX86()) {
            why = "not x86-64 (" + System.getProperty("os.arch") + "); the JDK's vector EXP is scalar there";
        } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            why = "the JVM runs without --add-modules jdk.incubator.vector";
        } else {
            try {
                kernel = (Kernel) Class.forName(KERNEL_CLASS).getDeclaredConstructor().newInstance();
                if (kernel.vectorBits() < 256) {
                    why = kernel.vectorBits() + "-bit vectors (256 or more wanted)";
                    kernel = null;
                }
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                why = "the vector kernel did not load: " + e;
            }
        }
        if (kernel != null) {
            log.debug("Row passes on the host with {}-bit vectors (jdk.incubator.vector)", kernel.vectorBits());
        } else {
            log.debug("Row passes by libnd4j: {}", why);
        }
        return kernel;
    }

    /** The plain loops, unless {@code -Ddl4jlosses.vectorRows=false} turned the host passes off. */
    private static HostKernel scalarUnlessTurnedOff() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY, "true")) ? new ScalarRowsKernel() : null;
    }

    private static boolean isX86() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    private static String describe() {
        return "Java " + Runtime.version() + " on " + System.getProperty("os.arch") + ", jdk.incubator.vector "
                + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "present" : "absent");
    }
}
