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
 * Base of the ops that run a libnd4j op under a name of their own, with a backprop of their own ({@link GatherRows},
 * {@link GatherEntries}, {@link SelfProduct}, {@link Root}, {@link ShiftedBy}, the {@link RowReduction}s). SameDiff
 * builds a gradient graph by cloning every op through its serialized form and finds the op's class again by its name;
 * under the native op's name it would find ND4J's class and its backprop. So each subclass enters its own name in
 * ND4J's op-name table ({@link #register}) when it is loaded, and executes under the native op's descriptor. One
 * output, of the first input's data type; arguments travel as the op's integer and floating-point arguments, not as
 * named properties.
 */
abstract class NativeUnderOwnName extends DynamicCustomOp {
    private final String nativeName;

    /** For deserialization (SameDiff's op cloning). */
    NativeUnderOwnName(String nativeName) {
        this.nativeName = nativeName;
    }

    NativeUnderOwnName(String nativeName, SameDiff sd, SDVariable... args) {
        super(null, sd, args, false);
        this.nativeName = nativeName;
    }

    /** Enters {@code name} in ND4J's op-name table, which SameDiff reads when it recreates ops (idempotent). */
    static void register(String name, NativeUnderOwnName blank) {
        ImportClassMapping.getOpNameMapping().putIfAbsent(name, blank);
    }

    @Override
    public CustomOpDescriptor getDescriptor() {
        return Nd4j.getExecutioner().getCustomOperations().get(nativeName);
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
}
