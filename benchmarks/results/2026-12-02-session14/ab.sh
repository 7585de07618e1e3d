#!/bin/bash
# Alternating-JVM A/B of two builds (session 14): cp.txt holds the classpath of the build before a change, cpb.txt the
# one after (each "<worktree>/benchmarks/target/classes:$(cat <worktree>/benchmarks/target/classpath.txt)"), Prof.class
# compiled beside them. Prints per round: loss, shape, mode, median ms before, after, and after/before.
# usage: ab.sh rounds "LOSS..." "SHAPES..." [ws|nows]     (N=calls per JVM, default 200)
export OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE OPENBLAS_THREAD_TIMEOUT=4 MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=134217728
R=$1; MODE=${4:-ws}
for r in $(seq $R); do for L in $2; do for S in $3; do
 a=$(java -cp ".:$(cat cp.txt)" Prof $L $S $MODE ${N:-200} 2>/dev/null | awk '{print $5}')
 b=$(java -cp ".:$(cat cpb.txt)" Prof $L $S $MODE ${N:-200} 2>/dev/null | awk '{print $5}')
 echo "$r $L $S $MODE $a $b $(python3 -c "print(round($b/$a,3))")"
done; done; done
