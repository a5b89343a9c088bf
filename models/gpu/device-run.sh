#!/bin/bash
# Runs on the GPU host, from the kit that models/gpu/prepare.sh made. Builds DJL's PyTorch JNI against the host's own
# libtorch (python3's torch) unless the kit holds one built for the same torch, points DJL at it, puts two commands on
# the PATH and runs the given command line:
#   strokekg ARGS     the engine's commands (generate, bench gpu, bench engine) on the host's GPU
#   gpu-tests [CLASS...]  the GPU tests (JUnit; default: every GPU test class)
#   bash .gpu-kit/device-run.sh 'gpu-tests && strokekg bench gpu'
# Writes a log and the built JNI libraries (libdjl_torch.so + stamp, libstrokekg_cuda.so + cuda-stamp: put them in the
# kit with JNI_PREBUILT) to $OUT.
set -uo pipefail
KIT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-/tmp/strokekg-gpu-out}
WORK=${WORK:-/tmp/strokekg-gpu}
mkdir -p "$OUT" "$WORK/bin"
exec > >(tee -a "$OUT/device-run.txt") 2>&1
export PYTHONUNBUFFERED=1
DJL_VERSION=$(cat "$KIT/djl-version")

echo "== host $(date -u +%FT%TZ)"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv,noheader
nproc; uname -r
python3 - <<'PY' || exit 1
import sys, torch
print("python", sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda,
      "gpu", torch.cuda.get_device_name(0), "sms", torch.cuda.get_device_properties(0).multi_processor_count)
PY
TORCH_LIB=$(python3 -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
TORCH_VERSION=$(python3 -c 'import torch;print(torch.__version__.split("+")[0])')
FLAVOR=cu$(python3 -c 'import torch;print(torch.version.cuda.replace(".",""))')
SITE=$(dirname "$(dirname "$TORCH_LIB")")
CUDART=$(find "$SITE/nvidia" -name 'libcudart.so*' 2>/dev/null | head -1)
STAMP="torch $TORCH_VERSION $FLAVOR djl $DJL_VERSION $(python3 -c 'import torch;print(torch.version.git_version)')"

if [ ! -x "$WORK/jre/bin/java" ]; then
  if command -v xz >/dev/null; then tar -C "$WORK" -xJf "$KIT/jre.tar.xz"
  else python3 -c "import tarfile,sys;tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$KIT/jre.tar.xz" "$WORK"; fi
fi

JNI=$WORK/libdjl_torch.so
if [ -f "$KIT/jni/libdjl_torch.so" ] && [ "$(cat "$KIT/jni/stamp" 2>/dev/null)" = "$STAMP" ]; then
  echo "== JNI: the kit's, built before for $STAMP"
  cp "$KIT/jni/libdjl_torch.so" "$JNI"
else
  echo "== JNI: building DJL $DJL_VERSION's against libtorch $TORCH_VERSION ($FLAVOR)"
  [ -d /usr/local/cuda/bin ] && export PATH=/usr/local/cuda/bin:$PATH
  rm -rf "$WORK/djl" && cp -r "$KIT/djl" "$WORK/djl"
  SRC=$WORK/djl/engines/pytorch/pytorch-native
  Torch_DIR=$(python3 -c 'import torch,os;print(os.path.join(torch.utils.cmake_prefix_path,"Torch"))')
  T0=$(date +%s)
  (cd "$SRC" && cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTorch_DIR="$Torch_DIR" -DUSE_CUDA=1 \
      -DJAVA_INCLUDE_PATH="$KIT/jni-include" -DJAVA_INCLUDE_PATH2="$KIT/jni-include/linux" -DJAVA_JVM_LIBRARY=NotNeeded \
      -DJAVA_AWT_LIBRARY=NotNeeded -DJAVA_AWT_INCLUDE_PATH=NotNeeded > "$WORK/cmake.log" 2>&1 \
    && ninja -C build -j"$(nproc)" > "$WORK/ninja.log" 2>&1) \
    || { tail -30 "$WORK/cmake.log" "$WORK/ninja.log"; echo "device-run: the JNI did not build"; exit 1; }
  echo "built in $(( $(date +%s) - T0 )) s"
  cp "$SRC/build/libdjl_torch.so" "$JNI"
  cp "$JNI" "$OUT/libdjl_torch.so" && echo "$STAMP" > "$OUT/stamp"
fi
# The engine's own JNI library (models/gpu/native: CUDA graph capture and replay), built against the same libtorch;
# without it the engine runs exactly as before (decode steps op by op)
CUDA_LIB=$WORK/libstrokekg_cuda.so
CUDA_STAMP="$STAMP native $(cat "$KIT/native/"* | sha1sum | cut -c1-12)"
if [ -f "$KIT/jni/libstrokekg_cuda.so" ] && [ "$(cat "$KIT/jni/cuda-stamp" 2>/dev/null)" = "$CUDA_STAMP" ]; then
  echo "== graph library: the kit's, built before for $CUDA_STAMP"
  cp "$KIT/jni/libstrokekg_cuda.so" "$CUDA_LIB"
else
  echo "== graph library: building models/gpu/native against libtorch $TORCH_VERSION ($FLAVOR)"
  [ -d /usr/local/cuda/bin ] && export PATH=/usr/local/cuda/bin:$PATH
  Torch_DIR=$(python3 -c 'import torch,os;print(os.path.join(torch.utils.cmake_prefix_path,"Torch"))')
  T0=$(date +%s)
  # the fused kernels (CUDA only): the object prepare.sh built with nvcc for sm_90, else nvcc here
  KOBJ=$KIT/native/strokekg_kernels.o
  if [ ! -f "$KOBJ" ] && command -v nvcc >/dev/null; then
    KOBJ=$WORK/strokekg_kernels.o
    nvcc -std=c++17 -O3 -gencode arch=compute_90,code=sm_90 -Xcompiler -fPIC -c "$KIT/native/strokekg_kernels.cu" \
      -o "$KOBJ" > "$WORK/native-nvcc.log" 2>&1 || { tail -20 "$WORK/native-nvcc.log"; KOBJ=; }
  fi
  if cmake -S "$KIT/native" -B "$WORK/native-build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTorch_DIR="$Torch_DIR" \
       -DJNI_INCLUDE="$KIT/jni-include" ${KOBJ:+-DKERNELS_OBJECT="$KOBJ"} ${CUDART:+-DCUDART="$CUDART"} \
       > "$WORK/native-cmake.log" 2>&1 \
     && ninja -C "$WORK/native-build" > "$WORK/native-ninja.log" 2>&1; then
    echo "built in $(( $(date +%s) - T0 )) s"
    cp "$WORK/native-build/libstrokekg_cuda.so" "$CUDA_LIB"
    cp "$CUDA_LIB" "$OUT/libstrokekg_cuda.so" && echo "$CUDA_STAMP" > "$OUT/cuda-stamp"
  else
    tail -40 "$WORK/native-cmake.log" "$WORK/native-ninja.log" 2>/dev/null
    echo "device-run: WARNING: the graph library did not build; decode steps run op by op"
    CUDA_LIB=
  fi
fi
CACHE=$WORK/djlcache
mkdir -p "$CACHE/pytorch/$TORCH_VERSION-$FLAVOR-linux-x86_64"
cp "$JNI" "$CACHE/pytorch/$TORCH_VERSION-$FLAVOR-linux-x86_64/$DJL_VERSION-libdjl_torch.so"

# DJL's LibUtils: libtorch from this folder, the JNI from the cache under this version and flavour; JNA finds
# libcudart (DJL counts GPUs through it) in the pip CUDA runtime's folder
cat > "$WORK/env.sh" <<ENV
export PYTORCH_LIBRARY_PATH=$TORCH_LIB PYTORCH_VERSION=$TORCH_VERSION PYTORCH_FLAVOR=$FLAVOR DJL_CACHE_DIR=$CACHE
export PYTORCH_LIBRARY_EXCLUSION=libjitbackend_test.so,libtorchbind_test.so,libaoti_custom_ops.so,libbackend_with_compiler.so
JAVA="$WORK/jre/bin/java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dai.djl.offline=true -Djna.library.path=$(dirname "${CUDART:-/x/x}") -Dfile.encoding=UTF-8 -Xmx16g${CUDA_LIB:+ -Dstrokekg.llm.cudaLib=$CUDA_LIB}"
ENV
cat > "$WORK/bin/strokekg" <<EOF
#!/bin/bash
. "$WORK/env.sh"
exec \$JAVA -cp "$KIT/lib/*" org.strokekg.cli.EngineMain "\$@"
EOF
cat > "$WORK/bin/gpu-tests" <<EOF
#!/bin/bash
. "$WORK/env.sh"
classes=("\$@")
[ \${#classes[@]} -gt 0 ] || classes=(org.strokekg.llm.generate.GpuGraphTest org.strokekg.llm.qwen.GpuFusedAdapterTest org.strokekg.llm.generate.GpuParityTest org.strokekg.llm.qwen.GpuUnmergedAdapterTest org.strokekg.llm.generate.GpuMemoryTest org.strokekg.llm.generate.DeviceSamplerTest org.strokekg.llm.generate.DecodeRowsTest org.strokekg.llm.generate.GpuGenerationTest)
exec \$JAVA -cp "$KIT/tests:$KIT/lib/*:$KIT/lib-test/*" RunTests "\${classes[@]}"
EOF
chmod +x "$WORK/bin/"*
export PATH=$WORK/bin:$PATH
cd "$KIT"
echo "== run: $*"
bash -c "$*"
rc=$?
echo "== end rc=$rc $(date -u +%FT%TZ)"
exit $rc
