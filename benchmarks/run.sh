#!/usr/bin/env bash
# Builds the JMH benchmarks and runs them; writes the JMH result as JSON.
#
#   benchmarks/run.sh                          # everything, the settings of RESULTS.md (≈ 15 min on 2 cores)
#   benchmarks/run.sh LossBenchmark -p shape=512x128 -f 1 -wi 1 -i 1    # any JMH options/filters
#
#   MAIN=io.github.dl4jlosses.benchmarks.TwinRatio benchmarks/run.sh 512x128,1024x512 '.*' 21   # another main
#
# Output: benchmarks/target/jmh-result.json (override with OUT=...), and beside it
# <name>.env.json (JVM, ND4J backend and threads, CPU, load average when the run started).
# ND4J_VARIANT=onednn-avx2 uses ND4J's AVX2 + oneDNN natives instead of the default ones (Maven profile
# nd4j-onednn-avx2 of benchmarks/pom.xml; likewise avx2, avx512, onednn-avx512); the environment file records which
# natives ran; ND4J_VARIANT=auto picks onednn-avx512, onednn-avx2 or the generic natives from /proc/cpuinfo. SKIP_BUILD=1 reuses the last build (build once with every nd4j-* profile to switch variants without
# rebuilding: the classpath is filtered to the generic natives plus the chosen variant's).
# JVM_ARGS: more options for the benchmark JVMs (and a MAIN), space-separated, recorded in the environment file, e.g.
# JVM_ARGS=-Dorg.bytedeco.javacpp.maxPhysicalBytes=0 (JavaCPP's resident-memory check off, as the example trainer runs).
# Threads: THREADS (default: all cores) is exported as OMP_NUM_THREADS and OPENBLAS_NUM_THREADS,
# so ND4J and pytorch_baseline.py (same variable) run on the same number of threads. OPENBLAS_THREAD_TIMEOUT (how
# long OpenBLAS's idle threads spin, 2^N cycles; OpenBLAS's default 28) and OMP_WAIT_POLICY (PASSIVE: OpenMP's idle
# threads sleep at once) pass through to both and are recorded. ND4J_OPENBLAS_CORETYPE sets OpenBLAS's core type for
# the benchmark JVMs only (exported as OPENBLAS_CORETYPE here; pytorch_baseline.py, started by paired.sh, never sees
# it): ND4J 1.0.0-M2.1 bundles OpenBLAS 0.3.19, which on session 22's Zen 4 EPYC did not take its AVX-512 kernels by
# itself (SkylakeX: 0.86-0.88 of the time of a [1024,1024]x[1024,512] product, 6 alternating JVMs), while PyTorch's
# OpenBLAS 0.3.21 picks Cooperlake there. Only for a CPU with AVX-512 F/BW/VL/DQ; recorded.
# Memory: glibc's allocator keeps freed buffers of up to 64 MB in the process (MALLOC_MMAP_THRESHOLD_ and
# MALLOC_TRIM_THRESHOLD_, both set unless given, in malloc_env.sh, which ab.sh shares; pytorch_baseline.py sets the same
# for itself). With glibc's defaults a
# process that frees and re-allocates large buffers each call (PyTorch's tensors; ND4J's arrays outside workspaces)
# gives them back to the kernel and faults them in again page by page (~13 µs per 4 KB page measured on this VM), which
# made PyTorch's losses up to 30x slower than its own kernels. GLIBC_MALLOC_DEFAULTS=1 keeps glibc's defaults (as the
# result tables before session 10 were made). MALLOC_ARENA_MAX=1 (set unless given, likewise on PyTorch's side) makes
# every thread allocate in glibc's main arena: JMH calls the loss from a worker thread, whose own arena gave back and
# faulted in the returned [1024,1024] gradient of a call with no workspace open each time (contrastive at 1024x512
# 3.3-3.6 ms against 1.7-1.9 ms with it, session 23); PyTorch's single-threaded script allocates in the main arena.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-benchmarks/target/jmh-result.json}
CORES=$(getconf _NPROCESSORS_ONLN)
THREADS=${THREADS:-$CORES}
export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS
if [[ -n "${ND4J_OPENBLAS_CORETYPE:-}" ]]; then
  export OPENBLAS_CORETYPE=$ND4J_OPENBLAS_CORETYPE
fi
source benchmarks/malloc_env.sh
source benchmarks/vector_env.sh

# ND4J_VARIANT=auto: the oneDNN natives for the best instruction set this host has (AVX-512 F/BW/VL/DQ, else AVX2),
# else the generic ones. JavaCPP itself does not check the CPU: it loads whichever variant jar is on the classpath
# (an AVX-512 build dies with SIGILL on a CPU without it), so the choice has to be made before the build/run.
if [[ "${ND4J_VARIANT:-}" == auto ]]; then
  FLAGS=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
  has() { [[ " $FLAGS " == *" $1 "* ]]; }
  if has avx512f && has avx512bw && has avx512vl && has avx512dq; then ND4J_VARIANT=onednn-avx512
  elif has avx2 && has fma; then ND4J_VARIANT=onednn-avx2
  else ND4J_VARIANT=
  fi
  echo "run.sh: ND4J_VARIANT=auto chose '${ND4J_VARIANT:-generic}'" >&2
fi
JVM_EXTRA=("${VECTOR_JVM_ARGS[@]}")
MVN_EXTRA=()
if [[ -n "${ND4J_VARIANT:-}" ]]; then
  MVN_EXTRA=(-P "nd4j-$ND4J_VARIANT")
  JVM_EXTRA=(-Dorg.bytedeco.javacpp.platform.extension="-$ND4J_VARIANT")
fi
if [[ -n "${JVM_ARGS:-}" ]]; then
  read -r -a EXTRA_JVM_ARGS <<< "$JVM_ARGS"
  JVM_EXTRA+=("${EXTRA_JVM_ARGS[@]}")
fi
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q -pl dl4j-losses,benchmarks -am package -DskipTests "${MVN_EXTRA[@]}"
fi
# Keep only the generic natives and the chosen variant's: with other nd4j-native-*-linux-x86_64-<variant> jars on the
# classpath (a build with several nd4j-* profiles), JavaCPP loads one of them even without the extension property
# (Nd4jCpuPresets lists the extensions it may load; an -avx512 jar was picked over the generic one).
CP="benchmarks/target/classes:$(tr ':' '\n' < benchmarks/target/classpath.txt \
  | grep -Ev "/nd4j-native-[^/]*-linux-x86_64-[a-z0-9-]+\.jar$" | paste -sd: -)"
if [[ -n "${ND4J_VARIANT:-}" ]]; then
  VARIANT_JAR=$(tr ':' '\n' < benchmarks/target/classpath.txt | grep -E "/nd4j-native-[^/]*-linux-x86_64-$ND4J_VARIANT\.jar$") \
    || { echo "run.sh: no nd4j-native $ND4J_VARIANT jar in the last build; build with -P nd4j-$ND4J_VARIANT" >&2; exit 1; }
  CP="$CP:$VARIANT_JAR"
fi
mkdir -p "$(dirname "$OUT")"

ENV_OUT="${OUT%.json}.env.json"
ND4J_ENV=$(java -cp "$CP" "${JVM_EXTRA[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.github.dl4jlosses.benchmarks.EnvironmentReport | tail -1)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
printf '{"cpu": "%s", "cores": %s, "threads": %s, "openblasThreadTimeout": "%s", "ompWaitPolicy": "%s", "openblasCoretype": "%s", "mallocMmapThreshold": "%s", "mallocTrimThreshold": "%s", "mallocArenaMax": "%s", "jvmArgs": "%s", "loadAvgAtStart": "%s", "date": "%s", "nd4j": %s}\n' \
  "$CPU" "$CORES" "$THREADS" "${OPENBLAS_THREAD_TIMEOUT:-}" "${OMP_WAIT_POLICY:-}" "${OPENBLAS_CORETYPE:-}" "${MALLOC_MMAP_THRESHOLD_:-}" \
  "${MALLOC_TRIM_THRESHOLD_:-}" "${MALLOC_ARENA_MAX:-}" "${JVM_ARGS:-}" "$LOAD" "$(date -u +%FT%TZ)" "$ND4J_ENV" > "$ENV_OUT"
cat "$ENV_OUT"

JMH_EXTRA=()
if [[ ${#JVM_EXTRA[@]} -gt 0 ]]; then
  JMH_EXTRA=(-jvmArgsAppend "${JVM_EXTRA[*]}")
fi
if [[ -n "${MAIN:-}" ]]; then
  # Another main of the benchmarks module instead of JMH (e.g. MAIN=io.github.dl4jlosses.benchmarks.TwinRatio), with
  # the JVM settings of BenchDefaults' forks; JAVA_OPTS adds to them (e.g. -Dcpu=true).
  # shellcheck disable=SC2086
  java -Xms1g -Xmx1g -Dorg.bytedeco.javacpp.maxbytes=4G ${JAVA_OPTS:-} -cp "$CP" "${JVM_EXTRA[@]}" "$MAIN" "$@"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
java -cp "$CP" "${JVM_EXTRA[@]}" org.openjdk.jmh.Main -rf json -rff "$OUT" "${JMH_EXTRA[@]}" "$@"
echo "JMH result: $OUT (environment: $ENV_OUT); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
