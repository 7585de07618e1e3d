#!/usr/bin/env bash
# The Siamese and Triplet training steps (GraphStepBenchmark: small CNN tower, batch 64) against PyTorch's, in
# paired rounds as paired.sh does for the losses: per round a short JMH run, then pytorch_baseline.py's same steps.
#
#   ND4J_VARIANT=auto THREADS=2 benchmarks/paired_step.sh 5     # → benchmarks/target/paired-step/ + a table
#
# ND4J_VARIANT as in run.sh (auto: the oneDNN natives this CPU can run, with which the graph builders turn on DL4J's
# oneDNN layer helpers; unset: the generic natives). THREADS as in run.sh; OUT_DIR (default benchmarks/target/paired-step).
# WARMUP (default 8): seconds of warm-up before each side's 3 one-second measurements, as in paired.sh (the tables
# before session 24 warmed up for 3 s, while the JIT still compiles DL4J's and ND4J's Java side).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:?rounds}
OUT_DIR=${OUT_DIR:-benchmarks/target/paired-step}
WARMUP=${WARMUP:-8}
export THREADS=${THREADS:-$(getconf _NPROCESSORS_ONLN)}
mkdir -p "$OUT_DIR"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  OUT="$OUT_DIR/build.json" benchmarks/run.sh -h > /dev/null    # builds (with the variant's profile), prints JMH help
fi
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r/$ROUNDS $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  SKIP_BUILD=1 OUT="$OUT_DIR/jmh-$r.json" flock /tmp/jmh.lock benchmarks/run.sh 'GraphStepBenchmark' \
    -f 1 -wi "$WARMUP" -w 1 -i 3 -r 1 > "$OUT_DIR/jmh-$r.log" 2>&1
  OMP_NUM_THREADS=$THREADS flock /tmp/jmh.lock /usr/bin/python3 benchmarks/pytorch_baseline.py \
    --filter GraphStepBenchmark --wi "$WARMUP" --i 3 --time 1 --out "$OUT_DIR/pytorch-$r-step.json" > "$OUT_DIR/pytorch-$r.log" 2>&1
done
python3 benchmarks/paired_ratios.py "$OUT_DIR"
