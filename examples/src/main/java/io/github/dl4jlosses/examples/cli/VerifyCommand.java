package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.examples.Version;
import io.github.dl4jlosses.examples.data.ImageLoader;
import io.github.dl4jlosses.examples.train.Evaluation;
import io.github.dl4jlosses.examples.train.ModelInfo;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Says whether two images show the same class/person, with the model's score and threshold. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Compare two images with a trained model: prints the similarity and the decision.")
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMG1", description = "First image (PNG, JPEG, ...).")
    Path first;

    @Parameters(index = "1", paramLabel = "IMG2", description = "Second image.")
    Path second;

    @Option(names = {"-m", "--model"}, required = true, description = "model.zip written by train.")
    Path model;

    @Option(names = "--threshold", description = "Decision threshold (default: the one chosen when the model was evaluated).")
    Double threshold;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(model)) throw new FileNotFoundException("model not found: " + model);
        ModelInfo info = ModelInfo.readFrom(model.toFile());
        ImageLoader loader = new ImageLoader(info.height, info.channels == 1, info.crop);
        INDArray a = Nd4j.createFromArray(new float[][]{loader.load(first)});
        INDArray b = Nd4j.createFromArray(new float[][]{loader.load(second)});
        ComputationGraph net = ModelSerializer.restoreComputationGraph(model.toFile(), false);
        double score;
        String what;
        if (LossChoice.parse(info.loss) == LossChoice.KOCH) {
            score = net.output(false, a, b)[0].getDouble(0);
            what = "same-class probability";
        } else {
            INDArray e = Evaluation.embed(net, Nd4j.vstack(a, b));
            INDArray x = e.getRow(0), y = e.getRow(1);
            score = x.mul(y).sumNumber().doubleValue()
                    / Math.max(x.norm2Number().doubleValue() * y.norm2Number().doubleValue(), 1e-12);
            what = "cosine similarity";
        }
        double t = threshold != null ? threshold : info.threshold;
        System.out.printf("%s: %.4f (threshold %.4f) -> %s%n", what, score, t, score >= t ? "SAME" : "DIFFERENT");
        return 0;
    }
}
