package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.examples.Version;
import io.github.dl4jlosses.examples.report.RunOutputs;
import io.github.dl4jlosses.examples.train.DataSplit;
import io.github.dl4jlosses.examples.train.Evaluation;
import io.github.dl4jlosses.examples.train.ImageAugmentation;
import io.github.dl4jlosses.examples.train.ModelInfo;
import io.github.dl4jlosses.examples.train.TrainingLoop;
import io.github.dl4jlosses.examples.train.TrainingSetup;
import io.github.dl4jlosses.examples.train.Towers;
import io.github.dl4jlosses.examples.train.HeadSpec;
import io.github.dl4jlosses.graph.EmbeddingModel;
import io.github.dl4jlosses.graph.GraphNames;
import io.github.dl4jlosses.graph.PretrainedTower;
import io.github.dl4jlosses.graph.Tower;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Trains on the open-set split, saves the model, then evaluates it against the pixel baseline.
 * The defaults (multi-similarity, CNN with a 512-wide dense layer and a 256-d embedding, one epoch at
 * lr 3e-5, no augmentation) are the best of the settings measured on the bundled split: with only
 * five training classes, longer or faster training fits the seen classes and loses what transfers to
 * unseen ones, so the tower is trained gently; shift augmentation did not help (see README, "Measured").
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Train a verification network, save it, and evaluate it on unseen classes.")
public final class TrainCommand implements Callable<Integer> {
    private static final String MODEL_FILE = "model.zip";
    /** Everything a run writes into {@code --out}. */
    private static final List<String> OUTPUT_FILES = Stream.concat(Stream.of(MODEL_FILE), RunOutputs.FILES.stream())
            .collect(Collectors.toList());

    @Option(names = "--loss", defaultValue = "multi-similarity", converter = LossConverter.class,
            description = "contrastive, triplet, batch-hard, semi-hard, generalized-triplet, npair, infonce, multi-similarity, koch, "
                    + "or a classification head: arcface, cosface, subcenter-arcface, proxy-anchor (default ${DEFAULT-VALUE}).")
    LossChoice loss;

    @Option(names = "--epochs", defaultValue = "1", description = "Training epochs; 0 evaluates the untrained tower (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "3e-5", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--shift", defaultValue = "0",
            description = "Move each training image by up to this many pixels at random, per axis (0 = off; default ${DEFAULT-VALUE}).")
    int shift;

    @Option(names = "--flip", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Mirror half of the training images left-right (default ${DEFAULT-VALUE}).")
    boolean flip;

    @Option(names = "--batch-norm", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Batch normalisation after each hidden layer of the tower (default ${DEFAULT-VALUE}).")
    boolean batchNorm;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout on the tower's hidden dense layer (default ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 penalty on the weights (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = {"-o", "--out"}, defaultValue = "target/verification-run", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--init-from", paramLabel = "MODEL",
            description = "Start the tower from a saved network (e.g. pretrain's model.zip): its layers up to --cut-at; --tower, --embedding, --hidden, --batch-norm and --dropout are then ignored.")
    Path initFrom;

    @Option(names = "--cut-at", paramLabel = "LAYER",
            description = "With --init-from: the last layer (name or index) of the tower; default: the one before the output layer.")
    String cutAt;

    @Option(names = "--freeze", defaultValue = "0",
            description = "With --init-from: keep the weights of the tower's first N layers fixed (default ${DEFAULT-VALUE}).")
    int freeze;

    @Mixin
    TowerOptions towerOptions = new TowerOptions();

    @Mixin
    BatchOptions batch = new BatchOptions();

    @Mixin
    HeadOptions headOptions = new HeadOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ProtocolOptions protocol = new ProtocolOptions();

    @Override
    public Integer call() throws Exception {
        TowerChoice towerChoice = parseTower(towerOptions.tower);
        if (epochs < 0) throw new IllegalArgumentException("expected --epochs >= 0, got " + epochs);
        towerOptions.validate();
        BatchLimits.checkOptions(loss, batch.classesPerBatch, batch.perClass);
        HeadSpec headSpec = headOptions.spec();
        headSpec.check(loss);
        if (!(learningRate > 0)) throw new IllegalArgumentException("expected --lr > 0, got " + learningRate);
        if (shift < 0) throw new IllegalArgumentException("expected --shift >= 0, got " + shift);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("expected --dropout in [0,1), got " + dropout);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("expected a finite --weight-decay >= 0, got " + weightDecay);
        }
        data.validate();
        if (initFrom == null && (freeze != 0 || cutAt != null)) {
            throw new IllegalArgumentException("--freeze and --cut-at need --init-from");
        }
        // A bad --init-from (not a model, no such layer, nothing left to train) fails here, before any data is read.
        PretrainedTower pretrained = initFrom == null ? null
                : InitFrom.tower(initFrom, InitFrom.inputType(data), cutAt, freeze);
        OutputFolder.prepare(out, OUTPUT_FILES);

        System.out.println("loading data ...");
        DataSplit split = Runs.split(data, true, batch.trainPerClass, protocol.testPerClass, protocol.folds, protocol.pairsPerFold, protocol.seed);
        System.out.println(split.description);
        BatchLimits.checkData(loss, split.train.labels(), batch.classesPerBatch, batch.perClass);

        TrainingSetup setup = TrainingSetup.of(loss);
        if (loss.isHead()) {
            // labels are the training classes' ids; the head has a class weight vector for each id up to the largest
            int classes = Arrays.stream(split.train.labels()).max().orElse(0) + 1;
            setup = setup.withHead(headSpec.build(loss, classes, learningRate));
        }
        Tower t = pretrained != null ? pretrained.tower()
                : Towers.build(towerChoice, split.train.channels(), split.train.height(), split.train.width(), towerOptions.embedding,
                towerOptions.hidden, batchNorm, dropout);
        ComputationGraph net;
        try {
            net = new ComputationGraph(setup.graph(t, learningRate, weightDecay, protocol.seed));
        } catch (RuntimeException e) {
            if (pretrained == null) throw e;
            throw new IllegalArgumentException("--init-from " + initFrom + ": its layers do not fit "
                    + InitFrom.inputType(data) + " images: " + ErrorLine.of(e).replaceFirst("^error: ", ""), e);
        }
        net.init();
        if (pretrained != null) pretrained.copyWeightsInto(net);
        int embeddingSize = (int) t.outputSize();
        MultiDataSetIterator batches = setup.batches(DataSplit.dataSet(split.train), batch.classesPerBatch, batch.perClass, protocol.seed);
        ImageAugmentation augmentation = new ImageAugmentation(split.train.channels(), split.train.height(),
                split.train.width(), shift, flip, protocol.seed);
        if (augmentation.isActive()) batches.setPreProcessor(augmentation);
        Runs.Epoch epoch = Runs.Epoch.of(batches);
        int perEpoch = epoch.batches;
        String towerName = pretrained == null ? towerChoice.toString()
                : "pretrained (" + initFrom.getFileName() + " up to '" + last(pretrained.sourceLayerNames()) + "', "
                + pretrained.frozenLayers() + " frozen)";
        long headParams = setup.head == null ? 0 : net.getLayer(GraphNames.HEAD).numParams();
        if (setup.head == null) {
            System.out.printf("loss %s, %s tower (%,d parameters, one set shared by every branch), %d epochs of %d batches%n",
                    loss, towerName, net.numParams(), epochs, perEpoch);
        } else {
            System.out.printf("loss %s: %s tower (%,d parameters) + %s (%,d class-weight parameters, trained at lr %s, "
                            + "not saved: verification uses the tower), %d epochs of %d batches%n", loss, towerName,
                    net.numParams() - headParams, HeadSpec.summary(setup.head), headParams,
                    headSpec.headLearningRate(loss, learningRate), epochs, perEpoch);
        }
        System.out.printf("batch: %s; %d batches per epoch%n", describeBatch(epoch), perEpoch);

        long start = System.nanoTime();
        List<Double> losses = new TrainingLoop(net, batches, perEpoch, System.out).run(epochs);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("trained in %.1f s%n", seconds);

        File model = out.resolve(MODEL_FILE).toFile();
        if (setup.head == null) {
            ModelSerializer.writeModel(net, model, false);
        } else {
            // the tower only: the head's class weights belong to the training classes, not to verification
            EmbeddingModel.fromGraph(net, setup.distance).save(model);
        }
        Evaluation.Result result = Evaluation.run(net, loss, split);

        ModelInfo info = new ModelInfo();
        info.loss = loss.cliName;
        info.tower = pretrained == null ? towerChoice.toString() : "pretrained";
        info.source = data.isLfw() ? "lfw" : "fashion-mnist";
        info.channels = split.test.channels();
        info.height = split.test.height();
        info.width = split.test.width();
        info.crop = data.isLfw() ? data.crop : 1.0;
        info.threshold = result.ours.verification.bestAccuracy().threshold();
        info.embedding = embeddingSize;
        info.saveInto(model);

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("data", split.description);
        settings.put("loss", loss.cliName);
        settings.put("loss_function", setup.head != null ? HeadSpec.summary(setup.head)
                : setup.loss == null ? "binary cross-entropy on the |h1 - h2| head (Koch)" : setup.loss.toString());
        if (setup.head != null) settings.put("head", HeadSpec.describe(setup.head, headSpec.headLearningRate(loss, learningRate)));
        settings.put("l2_normalize", setup.l2Normalize);
        settings.put("tower", towerName);
        if (pretrained != null) {
            settings.put("init_from", initFrom.toString());
            settings.put("cut_at", last(pretrained.sourceLayerNames()));
            settings.put("freeze", freeze);
        }
        settings.put("epochs", epochs);
        settings.put("classes_per_batch", batch.classesPerBatch);
        settings.put("per_class", batch.perClass);
        settings.put("batches_per_epoch", perEpoch);
        settings.put("images_per_batch", epoch.images);
        settings.put("embedding", embeddingSize);
        settings.put("learning_rate", learningRate);
        if (pretrained == null) settings.put("hidden", Towers.hiddenWidth(towerChoice, towerOptions.hidden));
        settings.put("shift", shift);
        settings.put("flip", flip);
        if (pretrained == null) {
            settings.put("batch_norm", batchNorm);
            settings.put("dropout", dropout);
        }
        settings.put("weight_decay", weightDecay);
        settings.put("seed", protocol.seed);
        settings.put("parameters", net.numParams());
        if (setup.head != null) settings.put("saved_parameters", net.numParams() - headParams);
        settings.put("training_seconds", seconds);
        settings.put("threshold", info.threshold);
        RunOutputs.write(out, settings, losses.stream().mapToDouble(Double::doubleValue).toArray(), result.ours,
                result.pixels, result.embeddings, result.pixelRows, split.test.labels(), split.testClassNames, System.out);
        System.out.println("model: " + model + " (decision threshold " + String.format("%.4f", info.threshold) + ")");
        return 0;
    }

    /** What one batch holds, e.g. "80 images (P=5 classes × K=16)". */
    private String describeBatch(Runs.Epoch epoch) {
        int p = batch.classesPerBatch, k = batch.perClass;
        switch (loss.batches) {
            case PAIRS:
                return String.format("%d pairs (%d images)", epoch.rows, epoch.images);
            case TRIPLETS:
                return String.format("%d triplets (%d images)", epoch.rows, epoch.images);
            case PAIR_BATCH:
                return String.format("%d [anchor | positive] pairs (%d images): %d groups of %d distinct-class pairs, "
                        + "same-class rows not negatives of each other", epoch.rows, epoch.images,
                        TrainingSetup.pairGroups(k), p);
            default:
                return String.format("%d images (P=%d classes × K=%d)", epoch.images, p, k);
        }
    }

    private static String last(List<String> names) {
        return names.get(names.size() - 1);
    }

    static TowerChoice parseTower(String s) {
        for (TowerChoice t : TowerChoice.values()) if (t.name().equalsIgnoreCase(s)) return t;
        throw new IllegalArgumentException("expected --tower mlp or cnn, got '" + s + "'");
    }

    static void requirePositive(String option, int value) {
        if (value < 1) throw new IllegalArgumentException("expected " + option + " >= 1, got " + value);
    }

    /** picocli converter for the loss names with dashes. */
    public static final class LossConverter implements picocli.CommandLine.ITypeConverter<LossChoice> {
        @Override
        public LossChoice convert(String value) {
            try {
                return LossChoice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
