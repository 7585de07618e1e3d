#!/usr/bin/env bash
# Paired rounds whose two sides take turns second by second: as paired.sh (same arguments, outputs and
# paired_ratios.py table), but in each round and for each loss JMH's fork and pytorch_baseline.py --lockstep run side
# by side, connected by two named pipes (Lockstep.java): after each of JMH's one-second iterations PyTorch runs one
# iteration of the same loss and shape while the JVM waits, for the warm-up and the ITERATIONS measured ones. paired.sh
# runs a loss's JMH (~50 s) and then PyTorch's (~50 s), so a drift of the machine's speed within that minute falls
# on one side; here both series interleave, and each round's ratio is the geometric mean of ITERATIONS ratios of
# neighbouring seconds. PyTorch runs its iterations once for each way of calling ours.
#
#   benchmarks/lockstep.sh 3 MULTI_SIMILARITY,NPAIR [512x128,1024x512]   # → benchmarks/target/lockstep/ + a table
#
# THREADS, OUT_DIR (default benchmarks/target/lockstep), WAYS, WARMUP (default 20 iterations of 1 s on each side) as
# in paired.sh; ITERATIONS (default 10) measured one-second iterations on each side. Export
# OMP_WAIT_POLICY=PASSIVE OPENBLAS_THREAD_TIMEOUT=4 first, as for paired.sh: the side that waits must not spin.
LOCKSTEP=1 exec "$(dirname "$0")/paired.sh" "$@"
