#!/bin/bash
# One device call's worth of proof and measurement for the fused step, run inside the kit by device-run.sh (which puts
# strokekg and gpu-tests on the PATH):  bash device-run.sh 'bash check-and-bench.sh'
# In order of what matters if the call is cut short: the kernels against float64 (kernel_check), bench gpu with 4
# unmerged adapters on the shrink inside the projections' grids (the default since s8) and on the separate shrink
# kernel (STROKEKG_LORA_SHRINK=kernel), the GPU tests (the mixed-adapter one also on the shrink kernel), and the
# compiled peer if the kit has it (stopped once it has printed batch 8: its transformers peers are not needed here).
# About 4 minutes without the peer.
# Leaves at most 6 files in $OUT (a device call returns 8): device-run.txt, kernel-check.txt, bench-fused-shrink.txt,
# bench-kernel-shrink.txt, gpu-tests.txt, peer-fast.txt (the graph library's copies are deleted: built on the host).
# Every step's limit is cut to what is left of CHECK_BUDGET_S (default 460 s from this script's start: the lead's
# `timeout 500` around device-run.sh, less its ~15-40 s of set-up), and a step with under 20 s left is skipped, so
# the script ends by itself and nothing is left running when the call's time is up.
set -u
OUT=${OUT:-/tmp/strokekg-gpu-out}
START=$(date +%s)
BUDGET=${CHECK_BUDGET_S:-460}
rm -f "$OUT/libstrokekg_cuda.so" "$OUT/cuda-stamp"
run() {  # run FILE SECONDS COMMAND...: output appended to $OUT/FILE, then its status and time
  local file=$1 limit=$2 t0 left
  shift 2
  left=$(( BUDGET - ($(date +%s) - START) ))
  if [ "$left" -lt 20 ]; then echo "check-and-bench: $file: $* skipped, ${left} s left"; return; fi
  [ "$left" -lt "$limit" ] && limit=$left
  t0=$(date +%s)
  echo "== $*" >> "$OUT/$file"
  timeout "$limit" "$@" >> "$OUT/$file" 2>&1
  local rc=$?
  echo "== rc=$rc $(( $(date +%s) - t0 )) s" >> "$OUT/$file"
  echo "check-and-bench: $file: $* -> rc=$rc, $(( $(date +%s) - t0 )) s"
}
run kernel-check.txt 150 ./kernel_check
run bench-fused-shrink.txt 100 strokekg bench gpu --concurrency 1,8 --adapters 4
run bench-kernel-shrink.txt 100 env STROKEKG_LORA_SHRINK=kernel strokekg bench gpu --concurrency 1,8 --adapters 4
run gpu-tests.txt 150 gpu-tests
run gpu-tests.txt 60 env STROKEKG_LORA_SHRINK=kernel gpu-tests org.strokekg.llm.qwen.GpuFusedAdapterTest
# the peer goes on to transformers peers after its batch-8 line; ending it there saves the device minutes they take
peer_to_batch8() {
  python3 -u peer_fast.py 2>&1 | while IFS= read -r line; do
    echo "$line"
    case $line in *'"batch": 8'*) pkill -f peer_fast.py; exit 0 ;; esac
  done
}
export -f peer_to_batch8
if [ -f peer_fast.py ]; then run peer-fast.txt 220 bash -c peer_to_batch8; fi
grep -h "kernel checks\|FAIL\|step, .* adapters\|over 4 adapters\|8 concurrent\|tests successful\|tests failed" \
  "$OUT"/kernel-check.txt "$OUT"/bench-*.txt "$OUT"/gpu-tests.txt 2>/dev/null
