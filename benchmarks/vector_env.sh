# Sourced by run.sh and ab.sh: VECTOR_JVM_ARGS holds --add-modules jdk.incubator.vector where this java has the JDK's
# Vector API (Java 17+), so the library's host passes (softmaxes, row norms, the tuple losses' distances) run on it
# (ops.VectorRows; the README's "Maven" section says what it saves); VECTOR_ROWS=0 leaves it out, as a default `java`
# command line does: the same passes then run as plain Java loops (ops.ScalarRowsKernel, since sessions 36-37).
VECTOR_JVM_ARGS=()
if [[ "${VECTOR_ROWS:-1}" != 0 ]] && java --list-modules 2>/dev/null | grep -q '^jdk\.incubator\.vector@'; then
  VECTOR_JVM_ARGS=(--add-modules jdk.incubator.vector)
fi
