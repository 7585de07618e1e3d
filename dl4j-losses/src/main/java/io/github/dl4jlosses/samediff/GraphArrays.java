package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.BaseNDArray;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The memory manager of one {@link LossGraph}'s SameDiff sessions: every array a call of the graph allocates is
 * handed back for the next call, as a workspace would, so that after the first call a graph runs on buffers it
 * has already touched.
 * <p>
 * Why not SameDiff's own {@code ArrayCacheMemoryMgr} (1.0.0-M2.1): it can only reuse what the session releases,
 * and a gradient graph's session does not release everything. In a batch-triplet twin at 1024×512, 6 of the
 * 23 {@code [B,B]} arrays and the scalars (the cache never returns a rank-0 array, yet keeps every one released)
 * came back to it on no call, so every call allocated them afresh — on this project's VM a new off-heap buffer
 * costs about as much to allocate and first touch as the arithmetic on it — while the cache grew by ~10 arrays per
 * call. Here arrays the session releases are reused within the call, as SameDiff intends, and {@link #recycle()}
 * (called once the call's results have been copied out) returns every array of the call, released or not, and
 * frees those the call did not use: a graph holds about its last call's peak memory (at 1024×512 in FLOAT, 18 MB for
 * the contrastive twin, 224 MB for the semi-hard batch triplet), as a workspace would.
 * <p>
 * Safe because a {@link LossGraph} is run by one thread at a time, and nothing of a call outlives it: its results
 * are copied before {@link #recycle()}; the graphs have no control flow, so the sessions read no value of an
 * earlier call. Not thread-safe; one instance per graph, shared by the sessions of all threads that run it.
 */
final class GraphArrays extends AbstractMemoryMgr {
    /** Arrays free for reuse, by data type, order and shape. */
    private final Map<String, Deque<INDArray>> free = new HashMap<>();
    /** Arrays handed out since the last {@link #recycle()} and not released since. */
    private final Set<INDArray> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Every array handed out since the last {@link #recycle()}, released or not. */
    private final Set<INDArray> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return take(dataType, 'c', shape);
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {  // no buffer to reuse (as ArrayCacheMemoryMgr)
            return Nd4j.create(descriptor);
        }
        return take(descriptor.dataType(), descriptor.getOrder(), descriptor.getShape());
    }

    private INDArray take(DataType dataType, char order, long[] shape) {
        Deque<INDArray> q = free.get(key(dataType, order, shape));
        INDArray a = q == null ? null : q.pollFirst();
        if (a == null) {
            a = Nd4j.createUninitializedDetached(dataType, order, shape);
        } else {
            // The session tracks arrays by id: a reused array must not look like the one it was (as ArrayCacheMemoryMgr).
            ((BaseNDArray) a).assignNewId();
        }
        inUse.add(a);
        handedOut.add(a);
        return a;
    }

    /**
     * The session no longer needs {@code array}: reusable in this call already, unless another array shares its
     * buffer (a view still in use; SameDiff's cache makes the same check). Arrays this manager did not hand out
     * (placeholders, constants) are left alone.
     */
    @Override
    public void release(INDArray array) {
        if (array.data() != null && Nd4j.getExecutioner().useCount(array.data()) > 1) {
            return;                     // shared buffer: stays in use until recycle()
        }
        if (inUse.remove(array)) {
            offer(array);
        }
    }

    /**
     * Every array of the call is free again: call only when nothing of the call's arrays is read any more. Free arrays
     * the call did not use (those of other shapes: another batch size, rows removed by a mask) are closed, so a graph
     * keeps the arrays of its last call only, not of every batch size it has seen.
     */
    void recycle() {
        for (Deque<INDArray> q : free.values()) {
            q.removeIf(a -> {
                if (handedOut.contains(a)) {
                    return false;
                }
                if (a.closeable()) {
                    a.close();
                }
                return true;
            });
        }
        free.values().removeIf(Deque::isEmpty);
        for (INDArray a : inUse) {
            offer(a);
        }
        inUse.clear();
        handedOut.clear();
    }

    private void offer(INDArray a) {
        free.computeIfAbsent(key(a), k -> new ArrayDeque<>()).offerFirst(a);
    }

    /** A copy of {@code a} in an array of this manager ('c' order). */
    INDArray copy(INDArray a) {
        return take(a.dataType(), 'c', a.shape()).assign(a);
    }

    /** Shapes of the arrays held, free or in use (for tests). */
    List<long[]> heldShapes() {
        List<long[]> shapes = new ArrayList<>();
        inUse.forEach(a -> shapes.add(a.shape()));
        free.values().forEach(q -> q.forEach(a -> shapes.add(a.shape())));
        return shapes;
    }

    /** Number of arrays held, free or in use (for tests). */
    int held() {
        return inUse.size() + free.values().stream().mapToInt(Deque::size).sum();
    }

    @Override
    public void close() {
        List<INDArray> all = new ArrayList<>(inUse);
        free.values().forEach(all::addAll);
        inUse.clear();
        handedOut.clear();
        free.clear();
        for (INDArray a : all) {
            if (a.closeable()) {
                a.close();
            }
        }
    }

    /** The {@link #key(DataType, char, long[]) key} of {@code a}. */
    static String key(INDArray a) {
        return key(a.dataType(), a.ordering(), a.shape());
    }

    /** Data type, order and shape as one comparable value: arrays of one key can stand in for each other. */
    static String key(DataType dataType, char order, long[] shape) {
        return dataType.name() + order + Arrays.toString(shape);
    }
}
