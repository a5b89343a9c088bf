#!/usr/bin/env bash
# Prepares the GPU kit: what travels to a GPU host whose libtorch differs from DJL's published builds (docs/gpu.md).
#   models/gpu/prepare.sh [KIT_DIR]      KIT_DIR defaults to .gpu-kit in the repository root (git-ignored)
# It holds: DJL's PyTorch JNI sources at the engine jar's version and the JNI header generated here (the host needs no
# JDK), jni.h, a jlink'd Java runtime (packed with xz), the project's jar with the engine's jars (no CPU libtorch, no
# published JNI), the GPU tests with their fixtures and a JUnit runner, the Python peers, prefill_floor.py, the engine's
# own JNI sources (native/: CUDA graphs), and device-run.sh, which on the host builds both JNI libraries against the
# host's libtorch, points DJL at its own and the engine at the other, and runs a command.
# Environment:
#   DJL_SRC       a clone of https://github.com/deepjavalibrary/djl (work tree or bare), default: the search tool's mirror
#   JNI_PREBUILT  a folder with libdjl_torch.so and its 'stamp' (and libstrokekg_cuda.so with its 'cuda-stamp') from an
#                 earlier device run (device-run.sh leaves them in $OUT): device-run.sh uses them when the host's torch
#                 (and the native sources) match the stamps, instead of building (~40 s)
#   MVN_FLAGS     extra Maven flags (default -o: offline)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
kit=${1:-$repo/.gpu-kit}
DJL_SRC=${DJL_SRC:-/work/.mirror/deepjavalibrary+djl/repo}
. "$repo/scripts/jdk.sh"
strokekg_find_jdk
djl=$(sed -n 's:.*<djl.version>\(.*\)</djl.version>.*:\1:p' "$repo/pom.xml")
m2=${M2_REPO:-$HOME/.m2/repository}

if [ -d "$DJL_SRC/objects" ]; then git_djl=(git --git-dir="$DJL_SRC"); else git_djl=(git -C "$DJL_SRC"); fi
"${git_djl[@]}" rev-parse -q --verify "v$djl^{commit}" >/dev/null || {
  echo "prepare: no tag v$djl in $DJL_SRC: set DJL_SRC to a clone of https://github.com/deepjavalibrary/djl" >&2; exit 1; }

echo "== build (jar, engine jars, test classes)"
(cd "$repo" && ./dev mvn -B -q ${MVN_FLAGS--o} -DskipTests package)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "$kit"
mkdir -p "$kit"/{lib,lib-test,tests,jni-include/linux}

echo "== DJL $djl JNI sources and header"
"${git_djl[@]}" archive "v$djl" engines/pytorch/pytorch-native/CMakeLists.txt engines/pytorch/pytorch-native/src/main/native \
  api/src/main/native/djl/utils.h | tar -x -C "$kit" --one-top-level=djl
"${git_djl[@]}" show "v$djl:engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java" \
  > "$tmp/PyTorchLibrary.java"
"$JAVA_HOME/bin/javac" -nowarn -cp "$repo/target/lib/api-$djl.jar" -h "$kit/djl/engines/pytorch/pytorch-native/build/include" \
  -d "$tmp/jni-classes" "$tmp/PyTorchLibrary.java"
cp "$JAVA_HOME/include/jni.h" "$kit/jni-include/"
cp "$JAVA_HOME/include/linux/jni_md.h" "$kit/jni-include/linux/"

echo "== Java runtime (jlink, xz)"
strip=()
command -v objcopy >/dev/null && strip=(--strip-native-debug-symbols "objcopy=$(command -v objcopy)")
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.unsupported --strip-debug \
  --no-header-files --no-man-pages --compress zip-0 "${strip[@]}" --output "$tmp/jre"
tar -C "$tmp" -cf - jre | xz -T0 -6 > "$kit/jre.tar.xz"

echo "== jars"
cp "$repo/target/strokekg.jar" "$kit/lib/"
# the engine's jars: DJL's API and PyTorch engine (its libtorch comes from the host), the tokenizers binding, JSON,
# logging, the CLI; the server's jars stay behind (cli.EngineMain needs none of them)
for pattern in "api-$djl" "pytorch-engine-$djl" "gson-" "jna-[0-9]" "slf4j-api-" "logback-classic-" "logback-core-" "jackson-dataformat-yaml-" "snakeyaml-" "jackson-annotations-" \
    "jackson-core-" "jackson-databind-" "picocli-"; do
  found=$(ls "$repo/target/lib" | grep -E "^$pattern.*\.jar$" | head -1)
  [ -n "$found" ] || { echo "prepare: no jar matching $pattern in target/lib" >&2; exit 1; }
  cp "$repo/target/lib/$found" "$kit/lib/"
done
# the tokenizers binding ships its native library for six platforms: keep linux-x86_64's
cp "$repo/target/lib/tokenizers-$djl.jar" "$kit/lib/"
zip -q -d "$kit/lib/tokenizers-$djl.jar" 'native/lib/osx-*' 'native/lib/win-*' 'native/lib/linux-aarch64/*'

echo "== GPU tests"
# a folder, not a jar: the tests read their fixtures as files
(cd "$repo/target/test-classes" && tar -cf - org/strokekg/llm llm) | tar -x -C "$kit/tests"
junit=$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' "$repo/pom.xml")
for j in org/junit/jupiter/junit-jupiter-api org/junit/jupiter/junit-jupiter-engine org/junit/jupiter/junit-jupiter-params \
    org/junit/platform/junit-platform-commons org/junit/platform/junit-platform-engine \
    org/junit/platform/junit-platform-launcher; do
  cp "$m2/$j/$junit/$(basename $j)-$junit.jar" "$kit/lib-test/"
done
cp "$(ls "$m2"/org/opentest4j/opentest4j/*/opentest4j-*.jar | sort -V | tail -1)" "$kit/lib-test/"
cp "$(ls "$m2"/org/apiguardian/apiguardian-api/*/apiguardian-api-*.jar | sort -V | tail -1)" "$kit/lib-test/"
cp "$(ls "$m2"/org/jspecify/jspecify/*/jspecify-*.jar | sort -V | tail -1)" "$kit/lib-test/"
assertj=$(sed -n 's:.*assertj-core</artifactId><version>\([^<]*\)</version>.*:\1:p' "$repo/pom.xml")
cp "$m2/org/assertj/assertj-core/$assertj/assertj-core-$assertj.jar" "$kit/lib-test/"
"$JAVA_HOME/bin/javac" -nowarn --release 21 -cp "$kit/lib-test/*" -d "$tmp/runner" "$here/RunTests.java"
"$JAVA_HOME/bin/jar" --create --file "$kit/lib-test/runtests.jar" -C "$tmp/runner" .

echo "== scripts"
cp "$here/device-run.sh" "$here/check-and-bench.sh" "$here/peer_transformers.py" "$here/prefill_floor.py" "$kit/"
mkdir -p "$kit/native"
cp "$here/native/CMakeLists.txt" "$here/native/strokekg_cuda.cc" "$here/native/strokekg_kernels.cu" \
  "$here/native/"*.cuh "$kit/native/"
# the fused kernels need only nvcc (no libtorch): built here when nvcc is at hand, saving the host ~15 s
if command -v nvcc >/dev/null; then
  nvcc -std=c++17 -O3 -gencode arch=compute_90,code=sm_90 -diag-suppress 128 -Xcompiler -fPIC -c "$here/native/strokekg_kernels.cu" \
    -o "$kit/native/strokekg_kernels.o"
  # the kernels' own check and timing, run on the host before the engine (no JVM, no libtorch)
  nvcc -std=c++17 -O3 -diag-suppress 128 -gencode arch=compute_90,code=sm_90 -o "$kit/kernel_check" \
    "$here/native/kernel_check.cu"
  # the same with s8's adapter epilogue (one lane an output's B·t), to time both in one device call (docs/gpu.md, s9)
  nvcc -std=c++17 -O3 -gencode arch=compute_90,code=sm_90 -DSKG_BT_SPLIT=0 -o "$kit/kernel_check_bt0" \
    "$here/native/kernel_check.cu"
fi
# the compiled-PyTorch peer the issue names (../shared does not travel with a device call)
peer=${PEER_FAST:-$repo/../shared/tools/gpu-peer/peer_fast.py}
[ -f "$peer" ] && cp "$peer" "$kit/peer_fast.py"
if [ -n "${JNI_PREBUILT:-}" ]; then
  mkdir -p "$kit/jni"
  cp "$JNI_PREBUILT/libdjl_torch.so" "$JNI_PREBUILT/stamp" "$kit/jni/"
  echo "prebuilt JNI for $(cat "$kit/jni/stamp")"
  if [ -f "$JNI_PREBUILT/libstrokekg_cuda.so" ]; then
    cp "$JNI_PREBUILT/libstrokekg_cuda.so" "$JNI_PREBUILT/cuda-stamp" "$kit/jni/"
    echo "prebuilt graph library for $(cat "$kit/jni/cuda-stamp")"
  fi
fi
echo "$djl" > "$kit/djl-version"

size=$(du -sb "$kit" | cut -f1)
printf 'kit %s: %.1f MiB\n' "$kit" "$(echo "$size / 1048576" | bc -l)"
du -sh "$kit"/* | sort -h | tail -6
[ "$size" -lt $((56 << 20)) ] || echo "prepare: WARNING: the kit is over 56 MiB; the device tool carries 64 MiB with the repository" >&2
