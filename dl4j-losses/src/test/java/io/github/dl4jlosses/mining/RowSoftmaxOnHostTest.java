package io.github.dl4jlosses.mining;

/** {@link RowSoftmaxTest}'s cases on {@link io.github.dl4jlosses.ops.VectorRows}, where the JVM has the Vector API. */
class RowSoftmaxOnHostTest extends RowSoftmaxTest {
    @Override
    String route() {
        return "vector";
    }
}
