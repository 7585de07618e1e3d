package io.github.dl4jlosses.backendtests;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the goldens: every {@link GoldenRegistry} case evaluated on the CPU backend in DOUBLE.
 * <pre>
 *   mvn -B -q -pl dl4j-losses-cuda-tests -am compile exec:java    # writes src/test/resources/goldens
 * </pre>
 * (in the default, CPU, profile; or run this class with the goldens directory as its only argument). Layout: {@code index.json}
 * ({@link GoldenIndex}) and one directory of {@code .npy} files per case. Everything is deterministic:
 * inputs come from {@link Random} seeded per case, so regenerating unchanged code reproduces the files,
 * which is what the freshness test checks.
 */
public final class GoldenGenerator {
    /** The command documented in the index and the README. */
    public static final String REGENERATE = "mvn -B -q -pl dl4j-losses-cuda-tests -am compile exec:java";
    /** Seeds tried per case before giving up on keeping its inputs clear of kinks. */
    static final int MAX_ATTEMPTS = 200;

    private GoldenGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: GoldenGenerator <goldens directory>");
            System.exit(2);
        }
        Path root = Paths.get(args[0]).toAbsolutePath();
        long t0 = System.nanoTime();
        GoldenSet set = generate();
        set.writeTo(root);
        System.out.printf("GoldenGenerator: %d loss cases, %d trajectories, %.1f kB of data -> %s (%.1f s)%n",
                set.index.losses.size(), set.index.trajectories.size(), set.dataBytes() / 1024.0, root,
                (System.nanoTime() - t0) / 1e9);
    }

    /** All goldens, in memory. Requires the CPU backend. */
    public static GoldenSet generate() {
        if (!Backends.isCpu()) {
            throw new IllegalStateException("goldens are defined on the CPU backend; active: " + Backends.describe());
        }
        GoldenIndex index = new GoldenIndex();
        index.regenerate = REGENERATE;
        index.generatedWith = "ND4J " + Backends.describe() + " (nd4j-native 1.0.0-M2.1), DOUBLE";
        GoldenSet set = new GoldenSet(index);
        for (LossCase c : GoldenRegistry.lossCases()) {
            long t0 = System.nanoTime();
            GoldenIndex.LossEntry e = generate(c, set);
            index.losses.add(e);
            System.out.printf("  %-55s seed %+d from base, %6.0f ms%n", c.id(), e.seed - c.baseSeed(),
                    (System.nanoTime() - t0) / 1e6);
        }
        for (TrajectoryCase t : GoldenRegistry.trajectories()) {
            index.trajectories.add(generate(t, set));
        }
        return set;
    }

    /** Inputs for {@code c} from the first seed whose inputs pass {@link KinkGuard} at the clearance the case needs. */
    static long chooseSeed(LossCase c) {
        ILossFunction loss = c.newLoss();
        IActivation act = c.activation().getActivationFunction();
        double eta = KinkGuard.requiredClearance(c);
        for (int k = 0; k < MAX_ATTEMPTS; k++) {
            long seed = c.baseSeed() + k;
            if (KinkGuard.isClear(loss, act, c.makeInputs(seed), eta, seed)) {
                return seed;
            }
        }
        throw new IllegalStateException(c.id() + ": no seed in " + MAX_ATTEMPTS + " keeps every row " + eta
                + " clear of a kink; lower the batch or drop HALF for this case");
    }

    static GoldenIndex.LossEntry generate(LossCase c, GoldenSet set) {
        return generate(c, set, chooseSeed(c));
    }

    /** The golden of {@code c} for inputs drawn from {@code seed} (the freshness check reuses the committed seed). */
    public static GoldenIndex.LossEntry generate(LossCase c, GoldenSet set, long seed) {
        CaseInputs in = c.makeInputs(seed);
        ILossFunction loss = c.newLoss();
        IActivation act = c.activation().getActivationFunction();
        GoldenIndex.LossEntry e = new GoldenIndex.LossEntry();
        e.id = c.id();
        e.loss = loss.toString();
        e.activation = c.activation().name();
        e.batch = c.batch();
        e.dim = c.dim();
        e.seed = seed;
        e.kinkClearance = KinkGuard.requiredClearance(c);
        c.dataTypes().stream().map(DataType::name).sorted().forEach(e.dataTypes::add);
        e.score = loss.computeScore(in.labels, in.preOutput.dup(), act, in.mask, true);
        String dir = "losses/" + c.id();
        e.arrays.put("preOutput", set.put(dir, "preOutput", in.preOutput));
        e.arrays.put("labels", set.put(dir, "labels", in.labels));
        if (in.mask != null) {
            e.arrays.put("mask", set.put(dir, "mask", in.mask));
        }
        e.arrays.put("scoreArray", set.put(dir, "scoreArray",
                loss.computeScoreArray(in.labels, in.preOutput.dup(), act, in.mask)));
        e.arrays.put("gradient", set.put(dir, "gradient",
                loss.computeGradient(in.labels, in.preOutput.dup(), act, in.mask)));
        e.lossJson = lossJson(loss);
        return e;
    }

    /** The golden of a training trajectory. */
    public static GoldenIndex.TrajectoryEntry generate(TrajectoryCase t, GoldenSet set) {
        TrainableModel model = t.newModel(DataType.DOUBLE);
        INDArray initial = model.params();
        Random rnd = new Random(t.seed());
        List<MultiDataSet> batches = new ArrayList<>();
        double[] scores = new double[TrajectoryCase.STEPS];
        for (int step = 0; step < TrajectoryCase.STEPS; step++) {
            MultiDataSet batch = t.batches().next(rnd);
            batches.add(batch);
            scores[step] = model.fit(batch);
        }
        GoldenIndex.TrajectoryEntry e = new GoldenIndex.TrajectoryEntry();
        e.id = t.id();
        e.model = t.description();
        e.steps = TrajectoryCase.STEPS;
        e.seed = t.seed();
        t.dataTypes().stream().map(DataType::name).sorted().forEach(e.dataTypes::add);
        String dir = "trajectories/" + t.id();
        e.arrays.put("initialParams", set.put(dir, "initialParams", initial));
        for (int i = 0; i < batches.get(0).numFeatureArrays(); i++) {
            e.arrays.put("input" + i, set.put(dir, "input" + i, stackStep(batches, i, true)));
        }
        for (int i = 0; i < batches.get(0).numLabelsArrays(); i++) {
            e.arrays.put("label" + i, set.put(dir, "label" + i, stackStep(batches, i, false)));
        }
        e.arrays.put("scores", set.put(dir, "scores", Nd4j.createFromArray(scores)));
        e.arrays.put("finalParams", set.put(dir, "finalParams", model.params()));
        return e;
    }

    /** {@code [steps, B, width]}: feature (or label) array {@code i} of every step. */
    private static INDArray stackStep(List<MultiDataSet> batches, int i, boolean features) {
        INDArray[] per = new INDArray[batches.size()];
        for (int s = 0; s < per.length; s++) {
            per[s] = features ? batches.get(s).getFeatures(i) : batches.get(s).getLabels(i);
        }
        return Nd4j.stack(0, per);
    }

    static org.nd4j.shade.jackson.databind.JsonNode lossJson(ILossFunction loss) {
        try {
            return GoldenIndex.mapper().readTree(NeuralNetConfiguration.mapper().writeValueAsString(loss));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + loss, e);
        }
    }
}
