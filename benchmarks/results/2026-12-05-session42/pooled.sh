#!/usr/bin/env bash
# Writes pooled.md: multi-sample triplet at 1024×512 without the module, its lockstep rounds of sessions 40, 41 and 42
# pooled (the analytic loss's code the same since 3e5540ee; paired_ratios.py FOLDER:LOSS takes one loss's rounds).
set -euo pipefail
cd "$(dirname "$0")/.."
S42=2026-12-05-session42 S41=2026-12-05-session41 S40=2026-12-05-session40
folders="$S40/lockstep-tuple-no-module-2c334f6:MULTI_SAMPLE_TRIPLET
  $S41/lockstep-1024-tuple-no-module-4861af6:MULTI_SAMPLE_TRIPLET
  $S42/lockstep-1024-msts-no-module-7748a65 $S42/lockstep-1024-msts-no-module-more-7748a65"
{
  echo "# Multi-sample triplet at 1024×512 without the module: 12 lockstep rounds pooled (run: $S42/pooled.sh)"
  printf '\n`paired_ratios.py %s --shapes 1024x512`\n\n' "$(echo $folders)"
  python3 ../paired_ratios.py $folders --shapes 1024x512
  printf '\nEach round: the folders'"'"' iterations.md.\n'
} > $S42/pooled.md
