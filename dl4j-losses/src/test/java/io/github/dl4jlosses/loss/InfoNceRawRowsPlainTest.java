package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.testutil.VectorRowsOn;

/** {@link InfoNceRawRowsTest}'s cases on the host passes' plain loops (every JVM, with the Vector API module or not). */
class InfoNceRawRowsPlainTest extends InfoNceRawRowsTest implements VectorRowsOn.Plain {
}
