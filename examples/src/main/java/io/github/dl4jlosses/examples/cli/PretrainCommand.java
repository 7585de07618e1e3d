package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.examples.Version;
import io.github.dl4jlosses.examples.report.RunOutputs;
import io.github.dl4jlosses.examples.train.Classifier;
import io.github.dl4jlosses.examples.train.DataSplit;
import io.github.dl4jlosses.examples.train.Evaluation;
import io.github.dl4jlosses.examples.train.TrainingLoop;
import io.github.dl4jlosses.examples.train.Towers;
import io.github.dl4jlosses.graph.PretrainedTower;
import io.github.dl4jlosses.graph.SiameseGraph;
import io.github.dl4jlosses.graph.Tower;
import io.github.dl4jlosses.loss.LossContrastive;
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
 * Trains the tower as a softmax classifier of the training classes and saves it for {@code train --init-from};
 * then evaluates the classifier's embedding layer, as it is, on the unseen classes (with the pixel baseline).
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Train the tower as a classifier of the training classes (for train --init-from) and evaluate its features.")
public final class PretrainCommand implements Callable<Integer> {
    private static final String MODEL_FILE = "model.zip";
    private static final List<String> OUTPUT_FILES = Stream.concat(Stream.of(MODEL_FILE), RunOutputs.FILES.stream())
            .collect(Collectors.toList());

    @Option(names = "--epochs", defaultValue = "2", description = "Training epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = {"-o", "--out"}, defaultValue = "target/pretrain-run", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    TowerOptions towerOptions = new TowerOptions();

    @Mixin
    BatchOptions batch = new BatchOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ProtocolOptions protocol = new ProtocolOptions();

    @Override
    public Integer call() throws Exception {
        TowerChoice towerChoice = TrainCommand.parseTower(towerOptions.tower);
        TrainCommand.requirePositive("--epochs", epochs);
        towerOptions.validate();
        TrainCommand.requirePositive("-P/--classes-per-batch", batch.classesPerBatch);
        TrainCommand.requirePositive("-K/--per-class", batch.perClass);
        if (!(learningRate > 0)) throw new IllegalArgumentException("expected --lr > 0, got " + learningRate);
        data.validate();
        OutputFolder.prepare(out, OUTPUT_FILES);

        System.out.println("loading data ...");
        DataSplit split = Runs.split(data, true, batch.trainPerClass, protocol.testPerClass, protocol.folds, protocol.pairsPerFold, protocol.seed);
        System.out.println(split.description);
        int classes = Arrays.stream(split.train.labels()).max().orElse(0) + 1;
        Tower t = Towers.build(towerChoice, split.train.channels(), split.train.height(), split.train.width(), towerOptions.embedding,
                towerOptions.hidden, false, 0);
        ComputationGraph classifier = Classifier.build(t, classes, learningRate, protocol.seed);
        MultiDataSetIterator batches = Classifier.batches(DataSplit.dataSet(split.train), batch.classesPerBatch, batch.perClass, protocol.seed);
        int perEpoch = Runs.batchesPerEpoch(batches);
        System.out.printf("pretrain: %s tower + softmax over %d classes (%,d parameters), %d epochs of %d batches%n",
                towerChoice, classes, classifier.numParams(), epochs, perEpoch);
        long start = System.nanoTime();
        List<Double> losses = new TrainingLoop(classifier, batches, perEpoch, System.out).run(epochs);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("trained in %.1f s%n", seconds);
        File model = out.resolve(MODEL_FILE).toFile();
        ModelSerializer.writeModel(classifier, model, false);

        // The classifier's embedding layer as it is: the "classifier features alone" row of a comparison.
        PretrainedTower features = PretrainedTower.of(classifier, t.getInputType(), Classifier.EMBEDDING, 0);
        ComputationGraph siamese = SiameseGraph.builder().tower(features).loss(LossContrastive.builder().build())
                .buildNetwork();
        Evaluation.Result result = Evaluation.run(siamese, LossChoice.CONTRASTIVE, split, "classifier features");

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("data", split.description);
        settings.put("step", "pretrain (softmax classifier, cross-entropy)");
        settings.put("loss", "softmax classifier");
        settings.put("tower", towerChoice.toString());
        settings.put("classes", classes);
        settings.put("epochs", epochs);
        settings.put("classes_per_batch", batch.classesPerBatch);
        settings.put("per_class", batch.perClass);
        settings.put("embedding", towerOptions.embedding);
        settings.put("hidden", Towers.hiddenWidth(towerChoice, towerOptions.hidden));
        settings.put("learning_rate", learningRate);
        settings.put("seed", protocol.seed);
        settings.put("parameters", classifier.numParams());
        settings.put("training_seconds", seconds);
        RunOutputs.write(out, settings, losses.stream().mapToDouble(Double::doubleValue).toArray(), result.ours,
                result.pixels, result.embeddings, result.pixelRows, split.test.labels(), split.testClassNames, System.out);
        System.out.println("model: " + model + " (use it with: train --init-from " + model + ")");
        return 0;
    }
}
