package io.github.dl4jlosses.graph;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * Runtime implementation of {@link AbsDifferenceVertex}: forward {@code |a − b|}, backward
 * {@code (ε ⊙ sign(a − b), −ε ⊙ sign(a − b))}. Per-example masks are combined with AND: a pair is present
 * only where both of its sides are.
 */
public class AbsDifferenceVertexImpl extends BaseGraphVertex {

    /** The runtime vertex of {@link AbsDifferenceVertex} in {@code graph}, as DL4J creates it. */
    public AbsDifferenceVertexImpl(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("AbsDifferenceVertex " + vertexName + ": inputs not set");
        }
        INDArray diff = difference(workspaceMgr, ArrayType.ACTIVATIONS);
        return Transforms.abs(diff, false);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("AbsDifferenceVertex " + vertexName + ": epsilon not set");
        }
        INDArray da = Transforms.sign(difference(workspaceMgr, ArrayType.ACTIVATION_GRAD), false)
                .muli(epsilon.castTo(dataType));
        INDArray db = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, da).negi();
        return new Pair<>(null, new INDArray[]{da, db});
    }

    /** {@code a − b} in a new array of the given workspace type. */
    private INDArray difference(LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        INDArray a = inputs[0];
        INDArray b = inputs[1];
        if (!a.equalShapes(b)) {
            throw new IllegalArgumentException("AbsDifferenceVertex " + vertexName + ": expected inputs of equal"
                    + " shape, got " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        INDArray out = workspaceMgr.createUninitialized(type, dataType, a.shape(), 'c');
        out.assign(a);
        return out.subi(b.castTo(dataType));
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("AbsDifferenceVertex has no parameters, so no gradient view");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                          int minibatchSize) {
        if (maskArrays == null || maskArrays.length == 0) {
            return new Pair<>(null, currentMaskState);
        }
        INDArray combined = null;
        for (INDArray m : maskArrays) {
            if (m != null) {
                combined = combined == null ? m.castTo(dataType) : combined.mul(m.castTo(dataType));
            }
        }
        return new Pair<>(combined, currentMaskState);
    }

    @Override
    public String toString() {
        return "AbsDifferenceVertex(id=" + vertexIndex + ",name=\"" + vertexName + "\")";
    }
}
