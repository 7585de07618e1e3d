#!/usr/bin/env bash
# Ratios ours / PyTorch whose spread can be stated on a noisy machine: ROUNDS rounds, each, loss by loss, a short JMH
# run of the analytic loss right before PyTorch's run of the same loss, so that both sides of a pair see the same
# load; paired_ratios.py then reports each (loss, shape) ratio's median over the rounds, its range and the 95%
# confidence interval of its geometric mean. Slow drifts of the machine's load cancel within a pair; what is left in
# the spread is the noise of one short run, and the interval narrows with more rounds.
#
#   benchmarks/paired.sh 5 NPAIR,INFONCE [512x128,1024x512]      # → benchmarks/target/paired/ + a table on stdout
#
# THREADS (default: all cores) as in run.sh; OUT_DIR (default benchmarks/target/paired). WAYS: which of
# LossBenchmark's ways of calling the loss to time (a regular expression over the method name's suffix after
# lossAndGradient; default "(NoWorkspaceClosed)?": in a training workspace and with none open, results closed after
# use). WARMUP (default 20): seconds of warm-up before each side's ITERATIONS (default 3) one-second measurements, the
# same on both sides. A JVM needs them: JIT compilation of ND4J's Java side of each op takes ~8 s on 2 cores, during
# which a call is 1.2-1.6x slower (session 23: N-pair 4.5 -> 2.9 ms at 512x128, circle 49 -> 32-35 ms at 1024x512, multi-similarity 10.2 ->
# 7.3 ms); a 2-s warm-up (the default before session 23) timed the compiler, not the loss a training run calls. On
# the VM of sessions 28-33 the labelled losses at 512x128 settle only after 15-20 s (session 33: multi-similarity's
# one-second means 3.1-4.4 ms at 9-11 s, 2.9-3.4 ms after 20 s), hence 20 s since then (8 s before).
# OPENBLAS_THREAD_TIMEOUT and OMP_WAIT_POLICY reach both sides (both run OpenMP threads and OpenBLAS's for their
# products), but are not set here: export OMP_WAIT_POLICY=PASSIVE OPENBLAS_THREAD_TIMEOUT=4 first, as every table of
# PERFORMANCE.md since session 17 did (without them both sides ran 2-3x slower and erratically in session 33). Needs
# /usr/bin/python3 with torch, as pytorch_baseline.py.
# LOCKSTEP=1 (what benchmarks/lockstep.sh sets) runs each loss's two sides side by side, taking turns second by second
# instead of one after the other; see lockstep.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:?rounds}
LOSSES=${2:?comma-separated LossCase names}
SHAPES=${3:-512x128,1024x512}
LOCKSTEP=${LOCKSTEP:-}
OUT_DIR=${OUT_DIR:-benchmarks/target/$([[ -n "$LOCKSTEP" ]] && echo lockstep || echo paired)}
WAYS=${WAYS:-(NoWorkspaceClosed)?}
WARMUP=${WARMUP:-20}
ITERATIONS=${ITERATIONS:-$([[ -n "$LOCKSTEP" ]] && echo 10 || echo 3)}
export THREADS=${THREADS:-$(getconf _NPROCESSORS_ONLN)}
mkdir -p "$OUT_DIR"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q -pl dl4j-losses,benchmarks -am package -DskipTests
fi
jmh() {  # a loss's JMH run: in a training workspace and as WAYS selects
  SKIP_BUILD=1 OUT="$OUT_DIR/jmh-$r-$loss.json" flock /tmp/jmh.lock benchmarks/run.sh \
    "\\.LossBenchmark\\.lossAndGradient$WAYS\$" -p loss="$loss" -p shape="$SHAPES" -f 1 -wi "$WARMUP" -w 1 \
    -i "$ITERATIONS" -r 1 > "$OUT_DIR/jmh-$r-$loss.log" 2>&1
}
PARTNER=
if [[ -n "$LOCKSTEP" ]]; then
  PIPES=$(mktemp -d)
  trap '[[ -n "$PARTNER" ]] && kill "$PARTNER" 2>/dev/null; rm -rf "$PIPES"' EXIT
  mkfifo "$PIPES/to-java" "$PIPES/to-python"
fi
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r/$ROUNDS $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  for loss in ${LOSSES//,/ }; do
    if [[ -n "$LOCKSTEP" ]]; then
      OMP_NUM_THREADS=$THREADS /usr/bin/python3 benchmarks/pytorch_baseline.py --lockstep "$PIPES" --time 1 \
        --out "$OUT_DIR/pytorch-$r-$loss.json" > "$OUT_DIR/pytorch-$r-$loss.log" 2>&1 &
      PARTNER=$!
      LOCKSTEP_DIR=$PIPES jmh
      kill "$PARTNER" 2>/dev/null || true     # it waits for the next fork, which does not come
      wait "$PARTNER" 2>/dev/null || true
      PARTNER=
    else
      jmh
      OMP_NUM_THREADS=$THREADS flock /tmp/jmh.lock /usr/bin/python3 benchmarks/pytorch_baseline.py \
        --loss "$loss" --shapes "$SHAPES" --wi "$WARMUP" --i "$ITERATIONS" --time 1 \
        --out "$OUT_DIR/pytorch-$r-$loss.json" > "$OUT_DIR/pytorch-$r-$loss.log" 2>&1
    fi
  done
done
python3 benchmarks/paired_ratios.py "$OUT_DIR" --shapes "$SHAPES"
