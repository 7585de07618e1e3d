package io.github.dl4jlosses.backendtests;

import io.github.dl4jlosses.samediff.SameDiffTwins;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One golden loss case: a loss configuration, how its inputs are made, the batch size B and embedding
 * width D, the activation DL4J passes the loss and whether a per-example mask is applied. Immutable;
 * the {@code with…} methods return a copy whose id says what changed, so one registry line can spawn
 * the shape variants of a case.
 * <p>
 * Cases of at most {@value #HALF_MAX_BATCH} rows are also replayed in HALF (where the backend is CUDA);
 * their inputs are drawn so that no row sits within HALF's rounding of a kink of the loss (see
 * {@link KinkGuard}).
 */
public final class LossCase {
    /** Largest batch replayed in HALF: bigger batches cannot keep every row clear of a hinge at HALF precision. */
    public static final int HALF_MAX_BATCH = 64;

    private final String baseId;
    private final Supplier<ILossFunction> loss;
    private final InputFactory inputs;
    private final int batch;
    private final int dim;
    private final Activation activation;
    private final boolean masked;

    private LossCase(String baseId, Supplier<ILossFunction> loss, InputFactory inputs, int batch, int dim,
                     Activation activation, boolean masked) {
        if (!baseId.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("case id must be lower-case [a-z0-9._-] (it names a directory): " + baseId);
        }
        this.baseId = baseId;
        this.loss = loss;
        this.inputs = inputs;
        this.batch = batch;
        this.dim = dim;
        this.activation = activation;
        this.masked = masked;
    }

    /** A case of B = 7 rows of width D = 5 (both odd), identity activation, no mask. */
    public static LossCase of(String id, Supplier<ILossFunction> loss, InputFactory inputs) {
        return new LossCase(id, loss, inputs, 7, 5, Activation.IDENTITY, false);
    }

    /** The same case with another batch size and width. */
    public LossCase withShape(int newBatch, int newDim) {
        return new LossCase(baseId, loss, inputs, newBatch, newDim, activation, masked);
    }

    /** The same case behind another activation (the loss then backpropagates through it). */
    public LossCase withActivation(Activation newActivation) {
        return new LossCase(baseId, loss, inputs, batch, dim, newActivation, masked);
    }

    /** The same case with a per-example mask removing row 1 and the last row (needs B ≥ 3). */
    public LossCase masked() {
        if (batch < 3) {
            throw new IllegalArgumentException(baseId + ": a masked case needs at least 3 rows, got " + batch);
        }
        return new LossCase(baseId, loss, inputs, batch, dim, activation, true);
    }

    /**
     * The same case for the loss's SameDiff twin ({@link SameDiffTwins#of}): id prefixed {@code sd.}, same
     * inputs, goldens computed by the twin itself on CPU (the analytic and SameDiff losses stay independent).
     */
    public LossCase twin() {
        return new LossCase("sd." + baseId, () -> SameDiffTwins.of(loss.get()), inputs, batch, dim, activation, masked);
    }

    /** Unique, directory-safe id: base id, shape, and activation/mask when not the default. */
    public String id() {
        StringBuilder sb = new StringBuilder(baseId).append(".b").append(batch).append('d').append(dim);
        if (activation != Activation.IDENTITY) {
            sb.append('.').append(activation.name().toLowerCase());
        }
        if (masked) {
            sb.append(".masked");
        }
        return sb.toString();
    }

    /** A fresh instance of the loss under test. */
    public ILossFunction newLoss() {
        return loss.get();
    }

    /** The inputs for one seed, in DOUBLE. */
    public CaseInputs makeInputs(long seed) {
        CaseInputs in = inputs.make(new Random(seed), batch, dim);
        if (!masked) {
            return in;
        }
        double[][] m = new double[batch][1];
        for (int i = 0; i < batch; i++) {
            m[i][0] = i == 1 || i == batch - 1 ? 0.0 : 1.0;
        }
        return new CaseInputs(in.preOutput, in.labels, Nd4j.createFromArray(m));
    }

    public int batch() {
        return batch;
    }

    public int dim() {
        return dim;
    }

    public Activation activation() {
        return activation;
    }

    public boolean isMasked() {
        return masked;
    }

    /** Data types this case is replayed in: DOUBLE and FLOAT always, HALF for small batches. */
    public Set<DataType> dataTypes() {
        Set<DataType> types = EnumSet.of(DataType.DOUBLE, DataType.FLOAT);
        if (batch <= HALF_MAX_BATCH) {
            types.add(DataType.FLOAT16);
        }
        return types;
    }

    /** Stable first seed for this case (String.hashCode is specified, so this never changes). */
    public long baseSeed() {
        return 1_000_003L * id().hashCode();
    }

    @Override
    public String toString() {
        return id();
    }
}
