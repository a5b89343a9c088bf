// JNI natives of org.strokekg.llm.qwen.CudaNative: capture of a decode step into a CUDA graph and its replay, and the
// two device-indexed tensor ops a captured step needs (a cache write and a row gather at positions held in a device
// tensor, so that nothing in the step depends on a host number). Every tensor handle is one that DJL's PyTorch JNI
// made: a PtNDArray's handle is a torch::Tensor* (see DJL's ai_djl_pytorch_jni_PyTorchLibrary_*.cc).
#include <jni.h>

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>

#include <exception>
#include <optional>
#include <vector>

namespace {

// The calling thread's capture stream (libtorch refuses to capture on the default stream) and the stream it replaced.
thread_local std::optional<c10::cuda::CUDAStream> side_stream;
thread_local std::optional<c10::cuda::CUDAStream> replaced_stream;

void throw_java(JNIEnv* env, const char* what) {
  jclass type = env->FindClass("java/lang/IllegalStateException");
  if (type != nullptr) {
    env->ThrowNew(type, what);
  }
}

at::Tensor& tensor(jlong handle) {
  return *reinterpret_cast<at::Tensor*>(handle);
}

at::cuda::CUDAGraph* graph(jlong handle) {
  return reinterpret_cast<at::cuda::CUDAGraph*>(handle);
}

}  // namespace

#define NATIVE_BEGIN try {
#define NATIVE_END(value)                            \
  }                                                  \
  catch (const c10::Error& e) {                      \
    throw_java(env, e.what_without_backtrace());     \
    return value;                                    \
  }                                                  \
  catch (const std::exception& e) {                  \
    throw_java(env, e.what());                       \
    return value;                                    \
  }

extern "C" {

// Makes the calling thread's libtorch work go to its side stream, once the work queued on its current stream has
// finished (captures are rare: waiting on the host is simpler than events and cannot race). Only this thread's
// streams are waited for, never the whole device: another thread may be capturing meanwhile.
JNIEXPORT void JNICALL Java_org_strokekg_llm_qwen_CudaNative_enterSideStream(JNIEnv* env, jclass) {
  NATIVE_BEGIN
  c10::cuda::CUDAStream current = c10::cuda::getCurrentCUDAStream();
  current.synchronize();
  if (!side_stream) {
    side_stream = c10::cuda::getStreamFromPool(false);
  }
  replaced_stream = current;
  c10::cuda::setCurrentCUDAStream(*side_stream);
  NATIVE_END()
}

// Back to the stream enterSideStream replaced, once the side stream's work has finished.
JNIEXPORT void JNICALL Java_org_strokekg_llm_qwen_CudaNative_exitSideStream(JNIEnv* env, jclass) {
  NATIVE_BEGIN
  if (replaced_stream) {
    c10::cuda::setCurrentCUDAStream(*replaced_stream);
    replaced_stream.reset();
  }
  if (side_stream) {
    side_stream->synchronize();
  }
  NATIVE_END()
}

// Starts recording the calling thread's work on its (side) stream into a new graph with a private memory pool.
// Thread-local mode: other threads may go on using the GPU meanwhile.
JNIEXPORT jlong JNICALL Java_org_strokekg_llm_qwen_CudaNative_beginCapture(JNIEnv* env, jclass) {
  NATIVE_BEGIN
  auto* g = new at::cuda::CUDAGraph();
  try {
    g->capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
  } catch (...) {
    delete g;
    throw;
  }
  return reinterpret_cast<jlong>(g);
  NATIVE_END(0)
}

// Ends the recording and instantiates the graph. On failure (an operation that cannot be captured) the caller frees
// the graph; the error a refused operation left behind is cleared so that it is not reported by a later launch.
JNIEXPORT void JNICALL Java_org_strokekg_llm_qwen_CudaNative_endCapture(JNIEnv* env, jclass, jlong handle) {
  NATIVE_BEGIN
  try {
    graph(handle)->capture_end();
  } catch (...) {
    cudaGetLastError();
    throw;
  }
  NATIVE_END()
}

// Launches the whole recorded step on the calling thread's current stream.
JNIEXPORT void JNICALL Java_org_strokekg_llm_qwen_CudaNative_replay(JNIEnv* env, jclass, jlong handle) {
  NATIVE_BEGIN
  graph(handle)->replay();
  NATIVE_END()
}

// Frees the graph and gives its private memory pool back to libtorch's allocator.
JNIEXPORT void JNICALL Java_org_strokekg_llm_qwen_CudaNative_freeGraph(JNIEnv* env, jclass, jlong handle) {
  NATIVE_BEGIN
  delete graph(handle);
  NATIVE_END()
}

// tensor[:] = values for a contiguous int64 tensor of values.length elements (on the device: one small copy that
// completes before this returns).
JNIEXPORT void JNICALL Java_org_strokekg_llm_qwen_CudaNative_copyLongs(JNIEnv* env, jclass, jlong handle,
                                                                       jlongArray values) {
  NATIVE_BEGIN
  jsize n = env->GetArrayLength(values);
  std::vector<int64_t> host(static_cast<size_t>(n));
  env->GetLongArrayRegion(values, 0, n, reinterpret_cast<jlong*>(host.data()));
  at::Tensor& t = tensor(handle);
  TORCH_CHECK(t.numel() == n && t.scalar_type() == at::kLong && t.is_contiguous(),
              "copyLongs: the target is not a contiguous int64 tensor of ", n, " elements");
  t.copy_(at::from_blob(host.data(), {static_cast<int64_t>(n)}, at::kLong));
  NATIVE_END()
}

// self.index_copy_(dim, index, source): writes source's slices at the positions an int64 device tensor holds.
JNIEXPORT void JNICALL Java_org_strokekg_llm_qwen_CudaNative_indexCopy(JNIEnv* env, jclass, jlong self, jlong dim,
                                                                       jlong index, jlong source) {
  NATIVE_BEGIN
  tensor(self).index_copy_(dim, tensor(index), tensor(source));
  NATIVE_END()
}

// self.index_select(dim, index) as a new tensor handle (DJL's PtNDArray takes ownership).
JNIEXPORT jlong JNICALL Java_org_strokekg_llm_qwen_CudaNative_indexSelect(JNIEnv* env, jclass, jlong self, jlong dim,
                                                                          jlong index) {
  NATIVE_BEGIN
  return reinterpret_cast<jlong>(new at::Tensor(tensor(self).index_select(dim, tensor(index))));
  NATIVE_END(0)
}

}  // extern "C"
