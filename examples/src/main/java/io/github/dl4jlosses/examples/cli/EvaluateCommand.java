package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.examples.Version;
import io.github.dl4jlosses.examples.report.RunOutputs;
import io.github.dl4jlosses.examples.train.DataSplit;
import io.github.dl4jlosses.examples.train.Evaluation;
import io.github.dl4jlosses.examples.train.ModelInfo;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Evaluates a saved model on the open-set split: metrics table, metrics.json, ROC and PCA plots. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Evaluate a trained model (verification folds and retrieval) against the raw-pixel baseline.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, description = "model.zip written by train.")
    Path model;

    @Option(names = {"-o", "--out"}, defaultValue = "target/verification-eval", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ProtocolOptions protocol = new ProtocolOptions();

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(model)) throw new FileNotFoundException("model not found: " + model);
        data.validate();
        OutputFolder.prepare(out, RunOutputs.FILES);
        ModelInfo info = ModelInfo.readFrom(model.toFile());
        ComputationGraph net = ModelSerializer.restoreComputationGraph(model.toFile(), false);
        DataSplit split = Runs.split(data, false, 1, protocol.testPerClass, protocol.folds, protocol.pairsPerFold, protocol.seed);
        System.out.println(split.description);
        Evaluation.Result result = Evaluation.run(net, LossChoice.parse(info.loss), split);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", model.toString());
        settings.put("loss", info.loss);
        settings.put("tower", info.tower);
        settings.put("data", split.description);
        RunOutputs.write(out, settings, null, result.ours, result.pixels, result.embeddings, result.pixelRows, split.test.labels(),
                split.testClassNames, System.out);
        return 0;
    }
}
