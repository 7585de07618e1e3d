#!/usr/bin/env bash
# The interleaved LeverAB runs behind levers.md, in the order they ran (after runs.sh's build; see ab.sh).
set -uo pipefail
A=benchmarks/results/2026-12-01-levers/ab.sh
ALL=DEFAULT,NHWC,CACHE_HOST,CACHE_DEVICE,WORKSPACES_NONE,HELPERS_OFF,PLAIN_TOWER,SAMEDIFF,SAMEDIFF_STACKED
SOME=DEFAULT,HELPERS_OFF,CACHE_DEVICE,SAMEDIFF_STACKED
log() { echo "== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
log ab-levers-generic-t2; $A ab-levers-generic-t2 '' 2 siamese,triplet 8 2 $ALL
log ab-levers-generic-t1; $A ab-levers-generic-t1 '' 1 siamese,triplet 8 2 $ALL
# natives (and threads): one JVM per variant, alternating, twice (second time in reverse order)
for r in 1 2; do
  order="generic:2 generic:1 avx2:2 avx512:2 onednn-avx2:2 onednn-avx512:2"
  [[ $r == 2 ]] && order="onednn-avx512:2 onednn-avx2:2 avx512:2 avx2:2 generic:1 generic:2"
  for vt in $order; do
    v=${vt%:*} t=${vt#*:}
    name=ab-natives-$v-t$t-r$r
    log $name; $A $name "$([[ $v == generic ]] || echo $v)" $t siamese,triplet 5 2 $SOME
  done
done
log done
