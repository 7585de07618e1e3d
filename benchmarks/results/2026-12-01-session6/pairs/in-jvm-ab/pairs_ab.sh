#!/usr/bin/env bash
# Paired before/after rounds: per round one JMH run of each tree (order alternating) around one PyTorch run.
# usage: pairs_ab.sh ROUNDS LOSSES SHAPES OUT
set -euo pipefail
ROUNDS=$1; LOSSES=$2; SHAPES=$3; OUT=$4
export THREADS=2
mkdir -p "$OUT/before" "$OUT/after"
jmh() {  # tree dir round
  (cd "$1" && SKIP_BUILD=1 OUT="$2/jmh-$3.json" flock /tmp/jmh.lock benchmarks/run.sh '\.LossBenchmark\.lossAndGradient$' \
    -p loss="$LOSSES" -p shape="$SHAPES" -f 1 -wi 2 -w 1 -i 3 -r 1 > "$2/jmh-$3.log" 2>&1)
}
torch() {  # round
  for loss in ${LOSSES//,/ }; do
    (cd /work/wt/pairspeed && OMP_NUM_THREADS=$THREADS flock /tmp/jmh.lock /usr/bin/python3 benchmarks/pytorch_baseline.py \
      --filter "$loss" --wi 2 --i 3 --time 1 --out "$OUT/before/pytorch-$1-$loss.json" > "$OUT/before/pytorch-$1-$loss.log" 2>&1)
    cp "$OUT/before/pytorch-$1-$loss.json" "$OUT/after/pytorch-$1-$loss.json"
  done
}
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r/$ROUNDS $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/rounds.log" >&2
  if (( r % 2 == 1 )); then
    jmh /work/wt/pairspeed-base "$OUT/before" "$r"; torch "$r"; jmh /work/wt/pairspeed "$OUT/after" "$r"
  else
    jmh /work/wt/pairspeed "$OUT/after" "$r"; torch "$r"; jmh /work/wt/pairspeed-base "$OUT/before" "$r"
  fi
done
for side in before after; do
  echo "== $side" ; python3 /work/wt/pairspeed/benchmarks/paired_ratios.py "$OUT/$side" --shapes "$SHAPES"
done | tee "$OUT/ratios.txt"
