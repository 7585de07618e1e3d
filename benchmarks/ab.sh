#!/usr/bin/env bash
# A/B of this checkout's library against an older revision's, in one JVM (VersionAB): resolves changes of a few
# percent where separate JVMs scatter by ±10–15%. Builds the old revision's dl4j-losses jar once (from `git archive`,
# kept under benchmarks/target/ab/<revision>/), builds this checkout as run.sh does (SKIP_BUILD=1 reuses the last
# build), then times loss + gradient calls of both, alternating blocks.
#
#   benchmarks/ab.sh HEAD~3                                          # circle and multi-similarity, both shapes
#   benchmarks/ab.sh c44bc7b CIRCLE,SUPCON,LIFTED_STRUCTURE 512x128 10 60
#
# Arguments: OLD_REVISION [LOSSES (LossCase names)] [SHAPES] [ROUNDS, default 10] [CALLS per block, default 60 at
# 512×128, a fifth at 1024×512]. THREADS as in run.sh; OMP_WAIT_POLICY and OPENBLAS_THREAD_TIMEOUT default to the
# recommended PASSIVE and 4 (with OpenMP's idle threads spinning, the same A/B scattered 0.70–0.94 instead of ±1%).
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${1:?an older git revision to compare against}
LOSSES=${2:-CIRCLE,MULTI_SIMILARITY}
SHAPES=${3:-512x128,1024x512}
ROUNDS=${4:-10}
CALLS=${5:-60}
export THREADS=${THREADS:-$(getconf _NPROCESSORS_ONLN)}
export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE} OPENBLAS_THREAD_TIMEOUT=${OPENBLAS_THREAD_TIMEOUT:-4}
source benchmarks/malloc_env.sh                                   # glibc's allocator settings, as run.sh's
source benchmarks/vector_env.sh                                   # the Vector API where java has it, as run.sh

REV=$(git rev-parse --short "$OLD")
OLD_DIR=benchmarks/target/ab/$REV
OLD_JAR=$OLD_DIR/dl4j-losses.jar
if [[ ! -f $OLD_JAR ]]; then
  rm -rf "$OLD_DIR/src" && mkdir -p "$OLD_DIR/src"
  git archive "$REV" | tar -x -C "$OLD_DIR/src"
  (cd "$OLD_DIR/src" && mvn -B -q -pl dl4j-losses -am package -DskipTests)
  cp "$OLD_DIR"/src/dl4j-losses/target/dl4j-losses-*.jar "$OLD_JAR"
  rm -rf "$OLD_DIR/src"
fi
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q -pl dl4j-losses,benchmarks -am package -DskipTests
fi
# The parent class path holds ND4J, DL4J and the benchmarks' classes but neither build of the library: each build's
# class loader loads the library (and the benchmarks' classes that call it) itself.
CP="benchmarks/target/classes:$(tr ':' '\n' < benchmarks/target/classpath.txt \
  | grep -Ev "/nd4j-native-[^/]*-linux-x86_64-[a-z0-9-]+\.jar$|/dl4j-losses[^/]*\.jar$|/dl4j-losses/target/classes/?$" \
  | paste -sd: -)"
echo "ab.sh: $REV (old) against $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- dl4j-losses || echo '+changes') (new)," \
  "threads $THREADS, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -cp "$CP" "${VECTOR_JVM_ARGS[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.github.dl4jlosses.benchmarks.VersionAB \
  "$OLD_JAR" dl4j-losses/target/classes "$LOSSES" "$SHAPES" "$ROUNDS" "$CALLS"
