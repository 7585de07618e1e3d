#!/usr/bin/env bash
# Runs taken when the other builds stopped (load fell to ~1.3 at 09:25): PyTorch, the DL4J levers that matter at
# 2 threads on the oneDNN-AVX-512 and generic natives, PyTorch again, then one thread each.
set -uo pipefail
R=benchmarks/results/2026-12-01-levers
A=$R/ab.sh
log() { echo "== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
py() { # name threads
  THREADS=$2 flock /tmp/jmh.lock sh -c "echo \"# start \$(date -u +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\"; \
    /usr/bin/python3 benchmarks/pytorch_baseline.py --filter GraphStepBenchmark --out $R/$1.json; \
    echo \"# end \$(date -u +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\"" > $R/$1.log 2>&1
}
log idle-pytorch-t2-a; py idle-pytorch-t2-a 2
log idle-ab-onednn-avx512-t2; $A idle-ab-onednn-avx512-t2 onednn-avx512 2 siamese,triplet 6 2 DEFAULT,CACHE_HOST,SAMEDIFF,SAMEDIFF_STACKED
log idle-ab-generic-t2; $A idle-ab-generic-t2 '' 2 siamese,triplet 6 2 DEFAULT,CACHE_HOST,NHWC,WORKSPACES_NONE,PLAIN_TOWER,SAMEDIFF_STACKED
log idle-pytorch-t2-b; py idle-pytorch-t2-b 2
log idle-ab-generic-t1; $A idle-ab-generic-t1 '' 1 siamese,triplet 6 2 DEFAULT,CACHE_HOST
log idle-pytorch-t1; py idle-pytorch-t1 1
log done
