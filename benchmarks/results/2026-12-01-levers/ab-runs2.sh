#!/usr/bin/env bash
# Second part of the interleaved LeverAB runs (ab-runs.sh was cut after its first two runs for time): the natives
# (one JVM per variant, one round), then CacheMode against DEFAULT with a second DEFAULT instance as a placebo.
set -uo pipefail
A=benchmarks/results/2026-12-01-levers/ab.sh
SOME=DEFAULT,HELPERS_OFF,CACHE_DEVICE,SAMEDIFF_STACKED
log() { echo "== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
for vt in generic:2 avx512:2 onednn-avx512:2 avx2:2 onednn-avx2:2 generic:1; do
  v=${vt%:*} t=${vt#*:}
  name=ab-natives-$v-t$t
  log $name; $A $name "$([[ $v == generic ]] || echo $v)" $t siamese,triplet 5 2 $SOME
done
log ab-cache-placebo; $A ab-cache-placebo '' 2 siamese,triplet 10 2 DEFAULT,CACHE_HOST,CACHE_DEVICE,DEFAULT
log done
# queued after the above (LeverAB with the inference argument, compiled in between):
# ab.sh ab-inference '' 2 siamese,triplet 8 2 DEFAULT,WORKSPACES_NONE,CACHE_HOST,NHWC,SAMEDIFF_STACKED inference
