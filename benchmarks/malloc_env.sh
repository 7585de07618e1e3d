# glibc's allocator settings for the benchmark JVMs, sourced by run.sh and ab.sh (why each: run.sh's header; the
# PyTorch scripts set the same values for themselves). Each variable already given keeps its value;
# GLIBC_MALLOC_DEFAULTS=1 keeps glibc's defaults.
if [[ -z "${GLIBC_MALLOC_DEFAULTS:-}" ]]; then
  export MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-67108864} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-134217728} \
    MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1}
fi
