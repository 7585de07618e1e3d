package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.testutil.VectorRowsOn;

/** {@link NPairOnHostTest}'s cases on the host passes' plain loops (every JVM, with the Vector API module or not). */
class NPairOnPlainLoopsTest extends NPairOnHostTest implements VectorRowsOn.Plain {
}
