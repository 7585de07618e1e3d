#!/usr/bin/env bash
# The example trainer's default run against the same run in PyTorch (pytorch_trainer.py), in paired rounds: each
# round trains once with `examples/bin/dl4j-losses train` and right after once with PyTorch, so both see the same
# load; reports each side's images per second (the trainer's "epoch 1: ... img/s" line, the same line from the
# script) and the ratio ours / PyTorch per round, with its median and range over the rounds.
#
#   THREADS=2 benchmarks/paired_trainer.sh 5        # → benchmarks/target/paired-trainer/ + a table on stdout
#
# THREADS (default: all cores) is exported as OMP_NUM_THREADS / OPENBLAS_NUM_THREADS for both sides; OUT_DIR
# (default benchmarks/target/paired-trainer). Needs /usr/bin/python3 with torch, as pytorch_baseline.py.
# pytorch_trainer.py runs with glibc's allocator keeping freed buffers (it imports pytorch_baseline.py, which sets
# them); our trainer runs as its launcher starts it, without them: they did not change its images per second (README,
# "Against PyTorch without page faults").
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:?rounds}
OUT_DIR=${OUT_DIR:-benchmarks/target/paired-trainer}
export THREADS=${THREADS:-$(getconf _NPROCESSORS_ONLN)}
export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS
mkdir -p "$OUT_DIR"
rate() { sed -n 's/^epoch 1: .*(\([0-9.]*\) img\/s)$/\1/p' "$1" | tail -n 1; }
printf 'round\tload\tours img/s\tPyTorch img/s\tours/PyTorch\n' > "$OUT_DIR/rounds.tsv"
for r in $(seq 1 "$ROUNDS"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "round $r/$ROUNDS $(date -u +%T) load $load" >&2
  flock /tmp/jmh.lock examples/bin/dl4j-losses train -o "$OUT_DIR/java-$r" > "$OUT_DIR/java-$r.log" 2>&1
  flock /tmp/jmh.lock /usr/bin/python3 benchmarks/pytorch_trainer.py --out "$OUT_DIR/pytorch-$r.json" \
    > "$OUT_DIR/pytorch-$r.log" 2>&1
  ours=$(rate "$OUT_DIR/java-$r.log"); theirs=$(rate "$OUT_DIR/pytorch-$r.log")
  printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$load" "$ours" "$theirs" \
    "$(python3 -c "print(f'{$ours / $theirs:.2f}')")" >> "$OUT_DIR/rounds.tsv"
done
python3 - "$OUT_DIR/rounds.tsv" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
for name, col in (("ours img/s", 2), ("PyTorch img/s", 3), ("ours/PyTorch", 4)):
    v = [float(r[col]) for r in rows]
    print(f"{name}: median {statistics.median(v):.2f} (range {min(v):.2f}-{max(v):.2f}) over {len(v)} rounds")
PY
cat "$OUT_DIR/rounds.tsv"
