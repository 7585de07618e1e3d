#!/usr/bin/env bash
# Interleaved A/B/A/B runs of GraphStepLeverBenchmark's levers in one JVM (io.github.dl4jlosses.benchmarks.LeverAB),
# from the repository root after the build of runs.sh. Usage: ab.sh NAME VARIANT('' = generic) THREADS GRAPH ROUNDS STEPS LEVERS
# Writes NAME.txt beside this script (or in AB_OUT); takes /tmp/jmh.lock like the JMH runs.
set -euo pipefail
R=${AB_OUT:-benchmarks/results/2026-12-01-levers}
name=$1 variant=$2 threads=$3; shift 3
export OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads
CP="benchmarks/target/classes:$(tr ':' '\n' < benchmarks/target/classpath.txt \
  | grep -Ev "/nd4j-native-[^/]*-linux-x86_64-[a-z0-9-]+\.jar$" | paste -sd: -)"
EXT=()
if [[ -n "$variant" ]]; then
  CP="$CP:$(tr ':' '\n' < benchmarks/target/classpath.txt | grep -E "/nd4j-native-[^/]*-linux-x86_64-$variant\.jar$")"
  EXT=(-Dorg.bytedeco.javacpp.platform.extension=-$variant)
fi
{ echo "# $(date -u +%FT%TZ) variant='$variant' threads=$threads args=$* load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  flock /tmp/jmh.lock java -Xms2g -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=8G "${EXT[@]}" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.github.dl4jlosses.benchmarks.LeverAB "$@" 2>&1 \
    | grep -v "^\s*$"
  echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)"; } > "$R/$name.txt"
