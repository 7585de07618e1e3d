#!/bin/bash
# Session 15's in-JVM interleaved A/B (ABJ.java + Runner.java, this directory): two builds of the library in one JVM,
# each in its own child-first class loader over one shared ND4J, alternating per round (less noise than one JVM per
# side on this VM). Scratch setup it was run with:
#   javac -cp "<benchmarks classes>:$(cat benchmarks/target/classpath.txt)" -d /tmp/s15/runner Runner.java
#   javac -d /tmp/s15/abj ABJ.java          (ABJ adds /tmp/s15/runner/ to each loader)
#   deps.txt = benchmarks/target/classpath.txt without the dl4j-losses jar
# usage: abj.sh LOSS SHAPE ws|nows ROUNDS CALLS   (A = the build before, B = the build after: "<jar>:<benchmarks classes>")
export OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE OPENBLAS_THREAD_TIMEOUT=4 MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=134217728
export A=${A:-/work/wt/base/dl4j-losses/target/dl4j-losses-0.1.0-SNAPSHOT.jar:/work/wt/base/benchmarks/target/classes}
export B=${B:-/work/main/dl4j-losses/target/dl4j-losses-0.1.0-SNAPSHOT.jar:/work/main/benchmarks/target/classes}
java -cp "/tmp/s15/abj:$(cat /tmp/s15/deps.txt)" ABJ "$@" 2>/dev/null | grep -v "^\["
