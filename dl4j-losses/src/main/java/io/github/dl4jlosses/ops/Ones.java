package io.github.dl4jlosses.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code [n,2]} ones matrices {@link Rows} multiplies by to sum rows and columns by BLAS, made once per thread,
 * data type and {@code n} and kept outside every workspace: {@code Nd4j.ones} costs ~17 µs a call (an allocation and a
 * fill op), as much as the product itself for a {@code [512,128]} matrix. Per thread because an array is read by the
 * thread (and, with CUDA, the device) that made it. The last {@value #KEPT} sizes a thread used are kept (8 bytes a
 * row in FLOAT: 8 KB for the rows of a {@code [1024,1024]} matrix), so a program cycling through many sizes holds
 * no more than eight of them.
 */
final class Ones {
    private static final int KEPT = 8;

    private static final ThreadLocal<Map<String, INDArray>> MADE = ThreadLocal.withInitial(
            () -> new LinkedHashMap<String, INDArray>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, INDArray> eldest) {
                    return size() > KEPT;
                }
            });

    private Ones() {
    }

    /** A {@code [n,2]} matrix of ones of {@code type}; read only (it is shared by every later call). */
    static INDArray twoColumns(DataType type, long n) {
        Map<String, INDArray> made = MADE.get();
        String key = type + ":" + n;
        INDArray ones = made.get(key);
        if (ones == null) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(type, n, 2);
            }
            made.put(key, ones);
        }
        return ones;
    }
}
