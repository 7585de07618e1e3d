#!/usr/bin/env bash
# Paired rounds whose two sides take turns second by second: as paired.sh (same arguments, outputs and
# paired_ratios.py table), but in each round and for each loss JMH's fork and pytorch_baseline.py --lockstep run side
# by side, connected by two named pipes (Lockstep.java): after each of JMH's one-second iterations PyTorch runs one
# iteration of the same loss and shape while the JVM waits, for the warm-up and the ITERATIONS measured ones. paired.sh
# runs a loss's JMH (~50 s) and then PyTorch's (~50 s), so a drift of the machine's speed within that minute falls
# on one side; here both series interleave, and each round's ratio is the geometric mean of ITERATIONS ratios of
# neighbouring seconds. PyTorch runs its iterations once for each way of calling ours.
#
#   benchmarks/lockstep.sh 3 MULTI_SIMILARITY,NPAIR [512x128,1024x512]   # → benchmarks/target/lockstep/ + a table
#
# THREADS, OUT_DIR (default benchmarks/target/lockstep), WAYS, WARMUP (default 20 iterations of 1 s on each side) as
# in paired.sh; ITERATIONS (default 10) measured one-second iterations on each side. Export
# OMP_WAIT_POLICY=PASSIVE OPENBLAS_THREAD_TIMEOUT=4 first, as for paired.sh: the side that waits must not spin.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:?rounds}
LOSSES=${2:?comma-separated LossCase names}
SHAPES=${3:-512x128,1024x512}
OUT_DIR=${OUT_DIR:-benchmarks/target/lockstep}
WAYS=${WAYS:-(NoWorkspaceClosed)?}
WARMUP=${WARMUP:-20}
ITERATIONS=${ITERATIONS:-10}
export THREADS=${THREADS:-$(getconf _NPROCESSORS_ONLN)}
mkdir -p "$OUT_DIR"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q -pl dl4j-losses,benchmarks -am package -DskipTests
fi
PIPES=$(mktemp -d)
PARTNER=
cleanup() {
  [[ -n "$PARTNER" ]] && kill "$PARTNER" 2>/dev/null || true
  rm -rf "$PIPES"
}
trap cleanup EXIT
mkfifo "$PIPES/to-java" "$PIPES/to-python"
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r/$ROUNDS $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  for loss in ${LOSSES//,/ }; do
    OMP_NUM_THREADS=$THREADS /usr/bin/python3 benchmarks/pytorch_baseline.py --lockstep "$PIPES" --time 1 \
      --out "$OUT_DIR/pytorch-$r-$loss.json" > "$OUT_DIR/pytorch-$r-$loss.log" 2>&1 &
    PARTNER=$!
    LOCKSTEP_DIR=$PIPES SKIP_BUILD=1 OUT="$OUT_DIR/jmh-$r-$loss.json" flock /tmp/jmh.lock benchmarks/run.sh \
      "\\.LossBenchmark\\.lossAndGradient$WAYS\$" -p loss="$loss" -p shape="$SHAPES" -f 1 -wi "$WARMUP" -w 1 \
      -i "$ITERATIONS" -r 1 > "$OUT_DIR/jmh-$r-$loss.log" 2>&1
    kill "$PARTNER" 2>/dev/null || true        # it waits for the next fork, which does not come
    wait "$PARTNER" 2>/dev/null || true
    PARTNER=
  done
done
python3 benchmarks/paired_ratios.py "$OUT_DIR" --shapes "$SHAPES"
