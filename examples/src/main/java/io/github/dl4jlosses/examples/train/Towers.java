package io.github.dl4jlosses.examples.train;

import io.github.dl4jlosses.examples.cli.TowerChoice;
import io.github.dl4jlosses.graph.Tower;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * The two embedding towers of the trainer. Inputs are flat rows of {@code c·h·w} pixels; the CNN
 * declares {@code convolutionalFlat} so DL4J reshapes them before the first convolution.
 */
public final class Towers {
    private Towers() {
    }

    public static Tower build(TowerChoice choice, int channels, int height, int width, int embedding) {
        switch (choice) {
            case MLP:
                return Tower.of(InputType.feedForward((long) channels * height * width),
                        new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build(),
                        new DenseLayer.Builder().nOut(embedding).activation(Activation.IDENTITY).build());
            case CNN:
                return Tower.of(InputType.convolutionalFlat(height, width, channels),
                        new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build(),
                        new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                        new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build(),
                        new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                        new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build(),
                        new DenseLayer.Builder().nOut(embedding).activation(Activation.IDENTITY).build());
            default:
                throw new AssertionError(choice);
        }
    }
}
