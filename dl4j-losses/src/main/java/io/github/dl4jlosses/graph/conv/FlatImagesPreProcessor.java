package io.github.dl4jlosses.graph.conv;

import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J's {@code FeedForwardToCnnPreProcessor} (flat image rows to {@code [N, C, H, W]}) in front of a
 * {@link TowerConvolutionLayer} that computes no input gradient: there is then nothing to reshape back, and DL4J's
 * pre-processor would fail on the missing gradient.
 */
public class FlatImagesPreProcessor extends FeedForwardToCnnPreProcessor {
    private static final long serialVersionUID = 1L;

    @JsonCreator
    public FlatImagesPreProcessor(@JsonProperty("inputHeight") long inputHeight,
                                  @JsonProperty("inputWidth") long inputWidth,
                                  @JsonProperty("numChannels") long numChannels) {
        super(inputHeight, inputWidth, numChannels);
    }

    @Override
    public INDArray backprop(INDArray epsilons, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return epsilons == null ? null : super.backprop(epsilons, miniBatchSize, workspaceMgr);
    }

    @Override
    public FlatImagesPreProcessor clone() {
        return (FlatImagesPreProcessor) super.clone();
    }
}
