package io.github.dl4jlosses.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arrays that reach the output (loss) layers in a forward pass, from the activations DL4J hands its
 * listeners: in a Siamese or Triplet graph the merged {@code [x1 | x2 (| x3)]} embeddings, in a
 * single-input graph the embeddings themselves. No copies: the arrays are DL4J's own, valid during the
 * listener call only.
 */
final class OutputLayerInputs {
    private OutputLayerInputs() {
    }

    /**
     * MultiLayerNetwork: DL4J feeds forward up to the layer before the output layer and lists the input
     * first, so the last entry is what the output layer receives.
     */
    static Map<String, INDArray> of(List<INDArray> activations) {
        Map<String, INDArray> found = new LinkedHashMap<>();
        if (activations != null && !activations.isEmpty()) {
            found.put("output layer", activations.get(activations.size() - 1));
        }
        return found;
    }

    /**
     * ComputationGraph: the map holds every vertex's output except the output layers'; each output layer's
     * (first) input vertex names the array it receives.
     */
    static Map<String, INDArray> of(ComputationGraph graph, Map<String, INDArray> activations) {
        Map<String, INDArray> found = new LinkedHashMap<>();
        Map<String, List<String>> inputsOf = graph.getConfiguration().getVertexInputs();
        for (String output : graph.getConfiguration().getNetworkOutputs()) {
            List<String> inputs = inputsOf.get(output);
            INDArray x = inputs == null || inputs.isEmpty() ? null : activations.get(inputs.get(0));
            if (x != null) {
                found.put("output layer '" + output + "'", x);
            }
        }
        return found;
    }
}
