#!/usr/bin/env bash
# Builds the JMH benchmarks and runs them; writes the JMH result as JSON.
#
#   benchmarks/run.sh                          # everything, the settings of RESULTS.md (≈ 15 min on 2 cores)
#   benchmarks/run.sh LossBenchmark -p shape=512x128 -f 1 -wi 1 -i 1    # any JMH options/filters
#
# Output: benchmarks/target/jmh-result.json (override with OUT=...), and beside it
# <name>.env.json (JVM, ND4J backend and threads, CPU, load average when the run started).
# Threads: THREADS (default: all cores) is exported as OMP_NUM_THREADS and OPENBLAS_NUM_THREADS,
# so ND4J and pytorch_baseline.py (same variable) run on the same number of threads.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-benchmarks/target/jmh-result.json}
THREADS=${THREADS:-$(nproc)}
export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS

if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q -pl dl4j-losses,benchmarks -am package -DskipTests
fi
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
mkdir -p "$(dirname "$OUT")"

ENV_OUT="${OUT%.json}.env.json"
ND4J_ENV=$(java -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.github.dl4jlosses.benchmarks.EnvironmentReport | tail -1)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
printf '{"cpu": "%s", "cores": %s, "threads": %s, "loadAvgAtStart": "%s", "date": "%s", "nd4j": %s}\n' \
  "$CPU" "$(nproc)" "$THREADS" "$LOAD" "$(date -u +%FT%TZ)" "$ND4J_ENV" > "$ENV_OUT"
cat "$ENV_OUT"

java -cp "$CP" org.openjdk.jmh.Main -rf json -rff "$OUT" "$@"
echo "JMH result: $OUT (environment: $ENV_OUT); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
