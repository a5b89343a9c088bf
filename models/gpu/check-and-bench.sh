#!/bin/bash
# One device call's worth of proof and measurement for the fused step, run inside the kit by device-run.sh (which puts
# strokekg and gpu-tests on the PATH):  bash device-run.sh 'bash check-and-bench.sh'
# In order of what matters if the call is cut short: the kernels against float64 (kernel_check, and the s8 epilogue's
# build kernel_check_bt0 beside it), bench gpu with 4 unmerged adapters on the shrink inside the projections' grids
# (the default since s8; the separate shrink kernel is STROKEKG_LORA_SHRINK=kernel, no longer benched each call), the
# packed prefill's profile and the card's prefill floor (prefill_floor.py), the GPU tests, and the compiled peer if
# the kit has it (stopped once it has printed batch 8: its transformers peers are not needed here).
# About 5 minutes without the peer.
# Leaves at most 7 files in $OUT (a device call returns 8): device-run.txt, kernel-check.txt, kernel-check-bt0.txt,
# bench-fused-shrink.txt, prefill.txt, gpu-tests.txt, peer-fast.txt (the graph library's copies are deleted: built on
# the host).
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
# the s8 epilogue (one lane per output) built beside it, for the side-by-side step times
[ -x ./kernel_check_bt0 ] && run kernel-check-bt0.txt 150 ./kernel_check_bt0
run bench-fused-shrink.txt 100 strokekg bench gpu --concurrency 1,8 --adapters 4
# the packed prefill of 8 x 1,000 tokens by op class, then what the card reaches for prefill at all (s9)
run prefill.txt 120 strokekg bench gpu --prefill-profile --profile-rows 8 --prefill-tokens 1000
[ -f prefill_floor.py ] && run prefill.txt 100 python3 -u prefill_floor.py
run gpu-tests.txt 150 gpu-tests
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
  "$OUT"/kernel-check.txt "$OUT"/kernel-check-bt0.txt "$OUT"/bench-*.txt "$OUT"/prefill.txt "$OUT"/gpu-tests.txt 2>/dev/null
