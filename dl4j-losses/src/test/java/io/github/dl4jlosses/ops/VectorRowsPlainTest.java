package io.github.dl4jlosses.ops;

/**
 * {@link VectorRowsTest}'s cases on {@link ScalarRowsKernel}'s plain loops, which run where the Vector API module is
 * absent: in every test run, with the module or without it.
 */
class VectorRowsPlainTest extends VectorRowsTest {
    @Override
    String route() {
        return "plain";
    }
}
