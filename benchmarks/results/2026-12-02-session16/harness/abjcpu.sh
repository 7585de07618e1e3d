#!/bin/bash
# One-thread, thread-CPU-time variant of session 15's abj.sh. /tmp/s16/abj/ABJ.java was session 15's ABJ.java with its
# median() timing through now() = CPU ? ThreadMXBean.getCurrentThreadCpuTime() : System.nanoTime(), CPU from the
# environment (set below); compiled with javac -d /tmp/s16/abj.
export CPU=1 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=134217728
export A=${A:-/work/wt/base/dl4j-losses/target/dl4j-losses-0.1.0-SNAPSHOT.jar:/work/wt/base/benchmarks/target/classes}
export B=${B:-/work/main/dl4j-losses/target/dl4j-losses-0.1.0-SNAPSHOT.jar:/work/main/benchmarks/target/classes}
java -cp "/tmp/s16/abj:$(cat /tmp/s15/deps.txt)" ABJ "$@" 2>/dev/null | grep -v "^\["
