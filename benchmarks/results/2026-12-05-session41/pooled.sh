#!/usr/bin/env bash
# Writes pooled.md: the cells whose lockstep rounds of this session pool with earlier sessions' rounds of the same
# cell (same analytic code since 3e5540ee, same lockstep method; paired_ratios.py FOLDER:LOSS takes one loss's rounds).
set -euo pipefail
cd "$(dirname "$0")/.."
S41=2026-12-05-session41 S40=2026-12-05-session40 S39=2026-12-05-session39 S38=2026-12-05-session38
table() {  # title, shapes, folders...
  local title=$1 shapes=$2; shift 2
  printf '\n## %s\n\n`paired_ratios.py %s --shapes %s`\n\n' "$title" "$*" "$shapes"
  python3 ../paired_ratios.py "$@" --shapes "$shapes"
}
{
  echo "# Session 41's lockstep rounds pooled with earlier sessions' (run: $S41/pooled.sh)"
  table "No module: contrastive at 512×128 (sessions 40 + 41)" 512x128 \
    $S40/lockstep-512-contrastive-no-module-2c334f6 $S41/lockstep-contrastive-no-module-4861af6
  table "No module: contrastive at 1024×512 (sessions 38 + 41)" 1024x512 \
    $S38/lockstep-1024-no-module-95b9343:CONTRASTIVE $S41/lockstep-contrastive-no-module-4861af6
  table "No module: triplet and multi-sample triplet at 1024×512 (sessions 40 + 41)" 1024x512 \
    $S40/lockstep-tuple-no-module-2c334f6 $S41/lockstep-1024-tuple-no-module-4861af6
  table "No module: semi-hard and multi-similarity at 1024×512 (sessions 38 + 41)" 1024x512 \
    $S38/lockstep-1024-no-module-95b9343:BATCH_TRIPLET_SEMI_HARD,MULTI_SIMILARITY \
    $S41/lockstep-1024-labelled-no-module-4861af6:BATCH_TRIPLET_SEMI_HARD \
    $S41/lockstep-1024-softmax-no-module-4861af6:MULTI_SIMILARITY
  table "No module: N-pair at 1024×512 (sessions 38 + 41)" 1024x512 \
    $S38/lockstep-1024-no-module-95b9343:NPAIR $S41/lockstep-1024-npair-no-module-4861af6
  table "No module: InfoNCE at 1024×512 (session 41, 3 + 3 rounds)" 1024x512 \
    $S41/lockstep-1024-softmax-no-module-4861af6:INFONCE $S41/lockstep-1024-infonce-no-module-more-4861af6
  table "No module: batch hard at 512×128 (session 41, 3 + 3 rounds)" 512x128 \
    $S41/lockstep-512-labelled-no-module-4861af6:BATCH_TRIPLET_HARD $S41/lockstep-512-batch-hard-no-module-more-4861af6
  table "Module: contrastive at both shapes (sessions 39 + 41)" 512x128,1024x512 \
    $S39/lockstep-tuple-module-f0423be:CONTRASTIVE $S41/lockstep-contrastive-module-4861af6
  table "Module: triplet at 512×128 (sessions 39 + 41)" 512x128 \
    $S39/lockstep-tuple-module-f0423be:TRIPLET $S41/lockstep-512-triplet-module-4861af6
} > $S41/pooled.md
