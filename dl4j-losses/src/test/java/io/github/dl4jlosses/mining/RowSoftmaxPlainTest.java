package io.github.dl4jlosses.mining;

/** {@link RowSoftmaxTest}'s cases on {@link io.github.dl4jlosses.ops.VectorRows}' plain loops (every JVM). */
class RowSoftmaxPlainTest extends RowSoftmaxTest {
    @Override
    String route() {
        return "plain";
    }
}
