package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.graph.Tower;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

import java.util.Arrays;
import java.util.List;

/**
 * The small CNN tower of the training-step benchmarks, on 1×28×28 images (Fashion-MNIST size), NCHW:
 * conv 5×5 (16) + ReLU, max-pool 2, conv 5×5 (32) + ReLU, max-pool 2, dense 64 + ReLU, dense 32
 * (the embedding). {@code benchmarks/pytorch_baseline.py} builds the same network.
 */
public final class SmallCnn {
    public static final int HEIGHT = 28;
    public static final int WIDTH = 28;
    public static final int CHANNELS = 1;
    public static final int EMBEDDING = 32;

    private SmallCnn() {
    }

    public static InputType inputType() {
        return InputType.convolutional(HEIGHT, WIDTH, CHANNELS);
    }

    /** The input type in the given layout (NCHW: {@code [B,1,28,28]}, NHWC: {@code [B,28,28,1]}). */
    public static InputType inputType(CNN2DFormat format) {
        return InputType.convolutional(HEIGHT, WIDTH, CHANNELS, format);
    }

    /** The tower for the graph builders. */
    public static Tower tower() {
        return Tower.of(inputType(), layers());
    }

    /** The tower with its convolution and pooling layers (and input type) in the given layout. */
    public static Tower tower(CNN2DFormat format) {
        return Tower.of(inputType(format), layers(format));
    }

    /** Fresh layer configurations of the tower, input to embedding. */
    public static List<Layer> layers() {
        return layers(CNN2DFormat.NCHW);
    }

    /** Fresh layer configurations of the tower with its convolution and pooling layers in the given layout. */
    public static List<Layer> layers(CNN2DFormat format) {
        return Arrays.asList(
                new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).dataFormat(format).build(),
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(format).build(),
                new ConvolutionLayer.Builder(5, 5).nOut(32).activation(Activation.RELU).dataFormat(format).build(),
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(format).build(),
                new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build(),
                new DenseLayer.Builder().nOut(EMBEDDING).activation(Activation.IDENTITY).build());
    }
}
