#!/usr/bin/env bash
# Ratios ours / PyTorch whose spread can be stated on a noisy machine: ROUNDS rounds, each a short JMH run of the
# analytic losses right before PyTorch's run of the same losses, so that both sides of a round see the same load;
# paired_ratios.py then reports each (loss, shape) ratio's median over the rounds and its spread. Slow drifts of the
# machine's load cancel within a round; what is left in the spread is the noise of one short run.
#
#   benchmarks/paired.sh 5 NPAIR,INFONCE [512x128,1024x512]      # → benchmarks/target/paired/ + a table on stdout
#
# THREADS (default: all cores) as in run.sh; OUT_DIR (default benchmarks/target/paired). Needs /usr/bin/python3
# with torch, as pytorch_baseline.py.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:?rounds}
LOSSES=${2:?comma-separated LossCase names}
SHAPES=${3:-512x128,1024x512}
OUT_DIR=${OUT_DIR:-benchmarks/target/paired}
export THREADS=${THREADS:-$(getconf _NPROCESSORS_ONLN)}
mkdir -p "$OUT_DIR"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q -pl dl4j-losses,benchmarks -am package -DskipTests
fi
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r/$ROUNDS $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  SKIP_BUILD=1 OUT="$OUT_DIR/jmh-$r.json" flock /tmp/jmh.lock benchmarks/run.sh '\.LossBenchmark\.lossAndGradient$' \
    -p loss="$LOSSES" -p shape="$SHAPES" -f 1 -wi 2 -w 1 -i 3 -r 1 > "$OUT_DIR/jmh-$r.log" 2>&1
  for loss in ${LOSSES//,/ }; do
    OMP_NUM_THREADS=$THREADS flock /tmp/jmh.lock /usr/bin/python3 benchmarks/pytorch_baseline.py \
      --filter "$loss" --wi 2 --i 3 --time 1 --out "$OUT_DIR/pytorch-$r-$loss.json" > "$OUT_DIR/pytorch-$r-$loss.log" 2>&1
  done
done
python3 benchmarks/paired_ratios.py "$OUT_DIR" --shapes "$SHAPES"
