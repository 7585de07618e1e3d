#!/usr/bin/env bash
# Last runs, after ab-runs2.sh and the inference run: the winning combination (SameDiff conv2d tower on the oneDNN
# natives) against the DL4J graph with and without CacheMode, interleaved, then the same as a JMH run, then PyTorch.
set -uo pipefail
R=benchmarks/results/2026-12-01-levers
A=$R/ab.sh
log() { echo "== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
log ab-final-onednn-avx512
$A ab-final-onednn-avx512 onednn-avx512 2 siamese,triplet 8 2 DEFAULT,CACHE_HOST,PLAIN_TOWER,SAMEDIFF,SAMEDIFF_STACKED
log ab-final-onednn-avx2
$A ab-final-onednn-avx2 onednn-avx2 2 siamese,triplet 6 2 DEFAULT,CACHE_HOST,SAMEDIFF,SAMEDIFF_STACKED
log jmh-final-onednn-avx512
THREADS=2 SKIP_BUILD=1 ND4J_VARIANT=onednn-avx512 OUT=$R/jmh-final-onednn-avx512.json flock /tmp/jmh.lock \
  benchmarks/run.sh 'GraphStepLeverBenchmark.step' -p lever=DEFAULT,CACHE_HOST,SAMEDIFF_STACKED -f 2 -wi 3 -w 1 -i 6 -r 1 \
  > $R/jmh-final-onednn-avx512.log 2>&1
log pytorch-graph-step-2
THREADS=2 flock /tmp/jmh.lock sh -c "echo \"# start \$(date -u +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\"; \
  /usr/bin/python3 benchmarks/pytorch_baseline.py --filter GraphStepBenchmark --out $R/pytorch-graph-step-2.json; \
  echo \"# end \$(date -u +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\"" > $R/pytorch-graph-step-2.log 2>&1
log ab-final-onednn-avx512-t1
$A ab-final-onednn-avx512-t1 onednn-avx512 1 siamese,triplet 6 2 DEFAULT,CACHE_HOST,SAMEDIFF_STACKED
log pytorch-graph-step-t1
THREADS=1 flock /tmp/jmh.lock sh -c "echo \"# start \$(date -u +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\"; \
  /usr/bin/python3 benchmarks/pytorch_baseline.py --filter GraphStepBenchmark --out $R/pytorch-graph-step-t1.json; \
  echo \"# end \$(date -u +%T) load \$(cut -d' ' -f1-3 /proc/loadavg)\"" > $R/pytorch-graph-step-t1.log 2>&1
log done
