#!/usr/bin/env bash
# The runs behind levers.md, in the order they ran (from the repository root, after one build with every natives
# profile: mvn -B -q -o -pl dl4j-losses,benchmarks -am package -DskipTests \
#   -P nd4j-avx2,nd4j-avx512,nd4j-onednn-avx2,nd4j-onednn-avx512).
# Every run takes /tmp/jmh.lock so that it never overlaps another JMH run on the shared machine.
set -uo pipefail
R=benchmarks/results/2026-12-01-levers
J=(-f 1 -wi 3 -w 1 -i 6 -r 1)
jmh() { # name, variant ('' = generic), threads, JMH args...
  local name=$1 variant=$2 threads=$3; shift 3
  echo "== $name $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  THREADS=$threads SKIP_BUILD=1 ND4J_VARIANT=$variant OUT=$R/$name.json flock /tmp/jmh.lock \
    benchmarks/run.sh "$@" > $R/$name.log 2>&1 || echo "FAILED: $name"
}
natives_round() { # round, variants in order
  local r=$1; shift
  for v in "$@"; do
    case $v in
      generic) jmh natives-generic-t2-$r '' 2 'GraphStepLeverBenchmark.step' -p lever=DEFAULT "${J[@]}" ;;
      generic-t1) jmh natives-generic-t1-$r '' 1 'GraphStepLeverBenchmark.step' -p lever=DEFAULT "${J[@]}" ;;
      onednn*) jmh natives-$v-t2-$r $v 2 'GraphStepLeverBenchmark.step' -p lever=DEFAULT,HELPERS_OFF "${J[@]}" ;;
      *) jmh natives-$v-t2-$r $v 2 'GraphStepLeverBenchmark.step' -p lever=DEFAULT "${J[@]}" ;;
    esac
  done
}
LEVERS=DEFAULT,NHWC,CACHE_HOST,CACHE_DEVICE,WORKSPACES_NONE,HELPERS_OFF,PLAIN_TOWER,SAMEDIFF,SAMEDIFF_STACKED
REVERSED=SAMEDIFF_STACKED,SAMEDIFF,PLAIN_TOWER,HELPERS_OFF,WORKSPACES_NONE,CACHE_DEVICE,CACHE_HOST,NHWC,DEFAULT
case ${1:-all} in
  all)
    natives_round r1 generic generic-t1 avx2 avx512 onednn-avx2 onednn-avx512
    jmh levers-generic-r1 '' 2 'GraphStepLeverBenchmark.step' -p lever=$LEVERS "${J[@]}"
    natives_round r2 onednn-avx512 onednn-avx2 avx512 avx2 generic-t1 generic
    jmh levers-generic-r2 '' 2 'GraphStepLeverBenchmark.step' -p lever=$REVERSED "${J[@]}"
    jmh inference-generic '' 2 'GraphStepLeverBenchmark.inference' \
      -p lever=DEFAULT,WORKSPACES_NONE,NHWC,CACHE_HOST,SAMEDIFF_STACKED "${J[@]}"
    ;;
esac
echo "== done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
