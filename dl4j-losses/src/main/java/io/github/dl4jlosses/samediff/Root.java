package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.imports.converters.ImportClassMapping;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.CustomOpDescriptor;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code √q} of a positive {@code q}, differentiated from its own output: {@code dq = g / (2√q)}.
 * <p>
 * Why not {@code sd.math().sqrt}: SameDiff differentiates it as {@code 0.5 · q^−0.5 · g}, a second power of the whole
 * matrix (libnd4j's {@code pow}, 0.5–1.2 ms for a 512×512 distance matrix on the 2-core machine) and two products,
 * where the root it already has gives the gradient in a division and a product (0.07 ms each). The forward pass is
 * libnd4j's broadcasting {@code Pow} with the exponent ½ (as fast as its {@code sqrt} there, 0.53 against 0.59 ms).
 * <p>
 * As with {@link GatherRows}, SameDiff clones ops through their serialized form and finds the class again by its
 * name, so the op has a name of its own, entered in ND4J's op-name table when this class is loaded, and executes
 * under {@code Pow}'s native descriptor. {@link SharedTowerModel#load} registers it; before a {@code SameDiff.load} of
 * your own, call {@link #register()}.
 */
public final class Root extends DynamicCustomOp {
    static final String NAME = "dl4jlosses_root";
    private static final String NATIVE = "Pow";

    static {
        register();
    }

    /**
     * Enters the op's name in ND4J's op-name table, so that SameDiff can recreate it from a serialized graph
     * (idempotent; done when this class is loaded).
     */
    public static void register() {
        ImportClassMapping.getOpNameMapping().putIfAbsent(NAME, new Root());
    }

    /** For deserialization (SameDiff's op cloning). */
    public Root() {
    }

    private Root(SameDiff sd, SDVariable q, SDVariable half) {
        super(null, sd, new SDVariable[]{q, half}, false);
    }

    /** {@code √q}, element-wise, of a {@code q} whose entries are all positive (the gradient divides by the root). */
    static SDVariable of(SameDiff sd, SDVariable q) {
        return new Root(sd, q, sd.constant(Nd4j.scalar(q.dataType(), 0.5))).outputVariable();
    }

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public CustomOpDescriptor getDescriptor() {
        return Nd4j.getExecutioner().getCustomOperations().get(NATIVE);
    }

    @Override
    public long opHash() {
        return getDescriptor().getHash();
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    /** No named properties (the default looks names up natively). */
    @Override
    public Map<String, Object> propertiesForFunction() {
        return new HashMap<>();
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> inputTypes) {
        return Collections.singletonList(inputTypes.get(0));
    }

    /** One gradient, for q: the exponent is a constant. */
    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        return Collections.singletonList(gradients.get(0).div(outputVariable()).mul(0.5));
    }
}
