package io.github.dl4jlosses.graph;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a graph vertex computing the element-wise absolute difference {@code |a − b|} of its two
 * inputs, of equal shape (any rank). The Koch (2015) Siamese head: followed by a one-unit sigmoid layer it is
 * a learned weighted L1 distance. Backward: {@code dL/da = ε ⊙ sign(a − b)}, {@code dL/db = −dL/da}, with the
 * subgradient 0 where {@code a = b}. No parameters; serializes to JSON as its class name.
 * The implementation is {@link AbsDifferenceVertexImpl}.
 */
public class AbsDifferenceVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    /** A vertex with no options (the element-wise |a − b| of its two inputs); also what JSON deserialization uses. */
    public AbsDifferenceVertex() {
    }

    @Override
    public AbsDifferenceVertex clone() {
        return new AbsDifferenceVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AbsDifferenceVertex;
    }

    @Override
    public int hashCode() {
        return AbsDifferenceVertex.class.getName().hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new AbsDifferenceVertexImpl(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2) {
            throw new InvalidInputTypeException("AbsDifferenceVertex: expected 2 inputs, got " + vertexInputs.length);
        }
        if (!vertexInputs[0].equals(vertexInputs[1])) {
            throw new InvalidInputTypeException("AbsDifferenceVertex: expected inputs of equal type, got "
                    + vertexInputs[0] + " and " + vertexInputs[1]);
        }
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, AbsDifferenceVertex.class, inputTypes[0], out)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, out.arrayElementsPerExample())
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public String toString() {
        return "AbsDifferenceVertex()";
    }
}
