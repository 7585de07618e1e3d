package io.github.dl4jlosses.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.FloatBuffer;

/**
 * {@link HostSoftmax}'s kernel on the JDK's Vector API ({@code jdk.incubator.vector}, Java 17+). Compiled for Java 17
 * from {@code src/main/java-vector} and loaded by name only where that module is in the boot layer, so the library
 * itself still runs on Java 11.
 * <p>
 * Each row is copied to a heap array (one bulk copy), shifted by its largest entry, exponentiated lane-wise (on x86-64
 * HotSpot calls Intel's SVML routines for {@code EXP}: 0.4–0.8 ms for a {@code [1024,1024]} FLOAT matrix on 2 cores,
 * where libnd4j's generic softmax takes 2–5 ms) and scaled by the inverse of its sum, then copied back. Heap arrays
 * rather than loads from the buffer: {@code fromByteBuffer} left the API in Java 20, bulk buffer copies did not.
 */
final class VectorSoftmaxKernel implements HostSoftmax.Kernel {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    @Override
    public int vectorBits() {
        return FLOATS.vectorBitSize();
    }

    @Override
    public void softmaxRows(FloatBuffer in, FloatBuffer out, int fromRow, int toRow, int columns) {
        float[] row = new float[columns];
        int bound = FLOATS.loopBound(columns);
        int step = FLOATS.length();
        for (int r = fromRow; r < toRow; r++) {
            int at = r * columns;
            in.get(at, row, 0, columns);
            FloatVector largestLanes = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY);
            int j = 0;
            for (; j < bound; j += step) {
                largestLanes = largestLanes.max(FloatVector.fromArray(FLOATS, row, j));
            }
            float largest = largestLanes.reduceLanes(VectorOperators.MAX);
            for (; j < columns; j++) {
                largest = Math.max(largest, row[j]);
            }
            FloatVector sumLanes = FloatVector.zero(FLOATS);
            for (j = 0; j < bound; j += step) {
                FloatVector e = FloatVector.fromArray(FLOATS, row, j).sub(largest).lanewise(VectorOperators.EXP);
                e.intoArray(row, j);
                sumLanes = sumLanes.add(e);
            }
            float sum = sumLanes.reduceLanes(VectorOperators.ADD);
            for (; j < columns; j++) {
                row[j] = (float) Math.exp(row[j] - largest);
                sum += row[j];
            }
            float inverse = 1f / sum;
            for (j = 0; j < bound; j += step) {
                FloatVector.fromArray(FLOATS, row, j).mul(inverse).intoArray(row, j);
            }
            for (; j < columns; j++) {
                row[j] *= inverse;
            }
            out.put(at, row, 0, columns);
        }
    }
}
