# Sourced by run.sh and ab.sh: VECTOR_JVM_ARGS holds --add-modules jdk.incubator.vector where this java has the JDK's
# Vector API (Java 17+), so the library's row softmax runs on it (HostSoftmax; the README's "Performance" says what it
# saves); HOST_SOFTMAX=0 leaves it out (libnd4j's softmax, as before session 28).
VECTOR_JVM_ARGS=()
if [[ "${HOST_SOFTMAX:-1}" != 0 ]] && java --list-modules 2>/dev/null | grep -q '^jdk\.incubator\.vector@'; then
  VECTOR_JVM_ARGS=(--add-modules jdk.incubator.vector)
fi
