package io.github.dl4jlosses.examples.train;

import io.github.dl4jlosses.examples.cli.TowerChoice;
import io.github.dl4jlosses.graph.Tower;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

import java.util.ArrayList;
import java.util.List;

/**
 * The two embedding towers of the trainer. Inputs are flat rows of {@code c·h·w} pixels; the CNN
 * declares {@code convolutionalFlat} so DL4J reshapes them before the first convolution.
 */
public final class Towers {
    private Towers() {
    }

    /**
     * {@code batchNorm} normalises after each hidden layer (off by default: on the bundled split it
     * cost the unseen classes a lot, see README); {@code dropout} is the fraction of the hidden dense units
     * dropped while training (0: none); {@code hidden} is the width of the hidden dense layer (0: the
     * tower's own, 256 for the MLP and 512 for the CNN).
     * <p>
     * The CNN's dense layer is wide because, with five training classes, much of what the tower
     * knows about unseen classes is what its random initialisation already computes: 512 random
     * ReLU features of the pooled convolutions (and a 256-d embedding) keep more of them than 128
     * did (untrained: Recall@1 92.7% instead of 90.6% on the unseen classes, see README).
     */
    public static Tower build(TowerChoice choice, int channels, int height, int width, int embedding,
                              int hidden, boolean batchNorm, double dropout) {
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("expected dropout in [0,1), got " + dropout);
        List<Layer> layers = new ArrayList<>();
        switch (choice) {
            case MLP:
                layers.add(hidden(hiddenWidth(choice, hidden), dropout));
                if (batchNorm) layers.add(new BatchNormalization.Builder().build());
                layers.add(new DenseLayer.Builder().nOut(embedding).activation(Activation.IDENTITY).build());
                return Tower.of(InputType.feedForward((long) channels * height * width), layers);
            case CNN:
                layers.add(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build());
                if (batchNorm) layers.add(new BatchNormalization.Builder().build());
                layers.add(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
                layers.add(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build());
                if (batchNorm) layers.add(new BatchNormalization.Builder().build());
                layers.add(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
                layers.add(hidden(hiddenWidth(choice, hidden), dropout));
                if (batchNorm) layers.add(new BatchNormalization.Builder().build());
                layers.add(new DenseLayer.Builder().nOut(embedding).activation(Activation.IDENTITY).build());
                return Tower.of(InputType.convolutionalFlat(height, width, channels), layers);
            default:
                throw new AssertionError(choice);
        }
    }

    /** The width of the hidden dense layer that {@link #build} uses: {@code hidden}, or the tower's own when 0. */
    public static int hiddenWidth(TowerChoice choice, int hidden) {
        if (hidden > 0) return hidden;
        return choice == TowerChoice.MLP ? 256 : 512;
    }

    /** A ReLU dense layer; DL4J's dropOut takes the probability of <em>keeping</em> a unit. */
    private static DenseLayer hidden(int units, double dropout) {
        DenseLayer.Builder b = new DenseLayer.Builder().nOut(units).activation(Activation.RELU);
        if (dropout > 0) b.dropOut(1 - dropout);
        return b.build();
    }
}
