// JNI natives of org.strokekg.llm.qwen.CudaNative: capture of a decode step into a CUDA graph and its replay, the two
// device-indexed tensor ops a captured step of libtorch operations needs (a cache write and a row gather at positions
// held in a device tensor, so that nothing in the step depends on a host number), and the fused decode step of
// strokekg_kernels.cu (a plan over the model's tensors, launched as ~5 kernels a layer). Every tensor handle is one
// that DJL's PyTorch JNI made: a PtNDArray's handle is a torch::Tensor* (see DJL's ai_djl_pytorch_jni_PyTorchLibrary_*.cc).
#include <jni.h>

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>

#include <exception>
#include <optional>
#include <string>
#include <vector>

// strokekg_kernels.cu (built by nvcc alone, no libtorch headers there)
extern "C" {
struct SkgPlanDesc {
  int dtype;
  int m, h, hq, hkv, d, inter, vocab, layers;
  float eps, scale;
  const void* embed;
  const void* final_norm;
  const void* lm_head;
  const void* cos;
  const void* sin;
  const void* const* layer_w;
  void* const* kc;
  void* const* vc;
  long long head_stride;
  const long long* col_start;
  int max_cols;
  const long long* inputs;
  int lora;
  int max_rank;
  float* logits;
  long long* picked;
};
const char* skg_plan_refusal(const SkgPlanDesc* c);
size_t skg_workspace_bytes(const SkgPlanDesc* c);
void* skg_plan_create(const SkgPlanDesc* c, void* workspace, char* error, int error_len);
int skg_plan_step(void* plan, cudaStream_t stream);
const char* skg_error_string(int code);
void skg_plan_free(void* plan);
}

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

// A fused plan and the libtorch memory it runs in (its workspace and the two outputs Java reads).
struct Fused {
  void* plan = nullptr;
  at::Tensor workspace;
  at::Tensor picked;  // (m) int64: each row's greedy pick
  at::Tensor logits;  // (m, vocab) float32
};

// The address of a tensor's first element, or null for handle 0; checks the device and the element type.
const void* address(jlong handle, at::ScalarType type, const char* what) {
  if (handle == 0) {
    return nullptr;
  }
  const at::Tensor& t = tensor(handle);
  TORCH_CHECK(t.is_cuda(), what, " is not on a GPU");
  TORCH_CHECK(t.scalar_type() == type, what, " is ", t.scalar_type(), ", not ", type);
  return t.data_ptr();
}

const void* contiguous(jlong handle, at::ScalarType type, const char* what) {
  if (handle != 0) {
    TORCH_CHECK(tensor(handle).is_contiguous(), what, " is not contiguous");
  }
  return address(handle, type, what);
}

std::vector<jlong> longs(JNIEnv* env, jlongArray a) {
  std::vector<jlong> v(static_cast<size_t>(env->GetArrayLength(a)));
  env->GetLongArrayRegion(a, 0, static_cast<jsize>(v.size()), v.data());
  return v;
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

// A fused decode plan. weights: embed, final norm, head, cos table, sin table, then per layer: input norm, q|k|v,
// q|k|v bias (0: none), q/k norms (0: none), o, post norm, gate|up, down. caches: per layer keys then values, each
// (Hkv, columns, D) with unit strides inside a position (a view is fine: the head stride is read from it). columns:
// each row's first column. dims: rows, hidden, heads, KV heads, head size, intermediate, vocab, layers, the longest
// row's capacity, the largest adapter rank (0: no adapters). inputs: int64 (3 rows): ids, positions, adapter tables.
JNIEXPORT jlong JNICALL Java_org_strokekg_llm_qwen_CudaNative_fusedPlan(JNIEnv* env, jclass, jlongArray weights,
                                                                       jlongArray caches, jlongArray columns,
                                                                       jintArray dims, jfloat eps, jfloat scale,
                                                                       jlong inputs) {
  NATIVE_BEGIN
  std::vector<jlong> w = longs(env, weights);
  std::vector<jlong> kv = longs(env, caches);
  std::vector<jlong> cols = longs(env, columns);
  std::vector<jint> dim(static_cast<size_t>(env->GetArrayLength(dims)));
  env->GetIntArrayRegion(dims, 0, static_cast<jsize>(dim.size()), dim.data());
  TORCH_CHECK(dim.size() == 10, "fusedPlan: 10 dims expected");
  const int rows = dim[0], layers = dim[7];
  TORCH_CHECK(w.size() == 5 + 8 * static_cast<size_t>(layers) && kv.size() == 2 * static_cast<size_t>(layers)
                  && cols.size() == static_cast<size_t>(rows), "fusedPlan: arrays do not match the dims");
  const at::Tensor& embed = tensor(w[0]);
  const at::ScalarType type = embed.scalar_type();
  SkgPlanDesc d{};
  d.dtype = type == at::kFloat ? 0 : type == at::kHalf ? 1 : type == at::kBFloat16 ? 2 : -1;
  d.m = rows; d.h = dim[1]; d.hq = dim[2]; d.hkv = dim[3]; d.d = dim[4]; d.inter = dim[5]; d.vocab = dim[6];
  d.layers = layers; d.max_cols = dim[8]; d.max_rank = dim[9]; d.lora = dim[9] > 0 ? 1 : 0;
  d.eps = eps; d.scale = scale;
  const char* refused = skg_plan_refusal(&d);
  TORCH_CHECK(refused == nullptr, "fusedPlan: ", refused == nullptr ? "" : refused);
  d.embed = contiguous(w[0], type, "the embedding");
  d.final_norm = contiguous(w[1], type, "the final norm");
  d.lm_head = contiguous(w[2], type, "the head");
  d.cos = contiguous(w[3], type, "the cos table");
  d.sin = contiguous(w[4], type, "the sin table");
  std::vector<const void*> lw(8 * static_cast<size_t>(layers));
  for (size_t i = 0; i < lw.size(); i++) {
    lw[i] = contiguous(w[5 + i], type, "a layer weight");
    TORCH_CHECK(reinterpret_cast<uintptr_t>(lw[i]) % 16 == 0, "fusedPlan: a layer weight is not 16-byte aligned");
  }
  std::vector<void*> kc(static_cast<size_t>(layers));
  std::vector<void*> vc(static_cast<size_t>(layers));
  long long head_stride = -1;
  for (int l = 0; l < layers; l++) {
    for (int which = 0; which < 2; which++) {
      const at::Tensor& c = tensor(kv[2 * l + which]);
      TORCH_CHECK(c.is_cuda() && c.scalar_type() == type && c.dim() == 3 && c.size(0) == d.hkv && c.size(2) == d.d
                      && c.stride(2) == 1 && c.stride(1) == d.d, "fusedPlan: a cache is not (Hkv, columns, D) of the "
                  "model's type with unit position strides");
      TORCH_CHECK(head_stride < 0 || c.stride(0) == head_stride, "fusedPlan: caches of different head strides");
      head_stride = c.stride(0);
      (which == 0 ? kc : vc)[l] = c.data_ptr();
    }
  }
  d.layer_w = lw.data(); d.kc = kc.data(); d.vc = vc.data(); d.head_stride = head_stride;
  std::vector<long long> starts(cols.begin(), cols.end());
  d.col_start = starts.data();
  const at::Tensor& in = tensor(inputs);
  TORCH_CHECK(in.is_cuda() && in.scalar_type() == at::kLong && in.is_contiguous() && in.numel() == 3 * rows,
              "fusedPlan: inputs must be a contiguous int64 tensor of 3 per row");
  d.inputs = reinterpret_cast<const long long*>(in.data_ptr<int64_t>());  // int64_t is long here
  auto* f = new Fused();
  try {
    at::TensorOptions on = embed.options();
    f->workspace = at::zeros({static_cast<int64_t>(skg_workspace_bytes(&d))}, on.dtype(at::kByte));
    f->picked = at::zeros({rows}, on.dtype(at::kLong));
    f->logits = at::zeros({rows, d.vocab}, on.dtype(at::kFloat));
    d.logits = f->logits.data_ptr<float>();
    d.picked = reinterpret_cast<long long*>(f->picked.data_ptr<int64_t>());
    char error[256] = {0};
    f->plan = skg_plan_create(&d, f->workspace.data_ptr(), error, sizeof(error));
    TORCH_CHECK(f->plan != nullptr, "fusedPlan: ", error);
  } catch (...) {
    delete f;
    throw;
  }
  return reinterpret_cast<jlong>(f);
  NATIVE_END(0)
}

// The plan's outputs as new tensor handles (DJL's PtNDArray takes ownership): each row's pick (int64), its logits.
JNIEXPORT jlongArray JNICALL Java_org_strokekg_llm_qwen_CudaNative_fusedOutputs(JNIEnv* env, jclass, jlong plan) {
  NATIVE_BEGIN
  auto* f = reinterpret_cast<Fused*>(plan);
  jlong out[2] = {reinterpret_cast<jlong>(new at::Tensor(f->picked)), reinterpret_cast<jlong>(new at::Tensor(f->logits))};
  jlongArray result = env->NewLongArray(2);
  env->SetLongArrayRegion(result, 0, 2, out);
  return result;
  NATIVE_END(nullptr)
}

// Launches the fused step on the calling thread's current stream (recorded when a capture is under way).
JNIEXPORT void JNICALL Java_org_strokekg_llm_qwen_CudaNative_fusedStep(JNIEnv* env, jclass, jlong plan) {
  NATIVE_BEGIN
  auto* f = reinterpret_cast<Fused*>(plan);
  int code = skg_plan_step(f->plan, c10::cuda::getCurrentCUDAStream().stream());
  TORCH_CHECK(code == 0, "fused step: ", skg_error_string(code));
  NATIVE_END()
}

JNIEXPORT void JNICALL Java_org_strokekg_llm_qwen_CudaNative_fusedFree(JNIEnv* env, jclass, jlong plan) {
  NATIVE_BEGIN
  auto* f = reinterpret_cast<Fused*>(plan);
  skg_plan_free(f->plan);
  delete f;
  NATIVE_END()
}

// An adapter's table for the fused step: per layer and projection (q|k|v, o, gate|up, down) the addresses of its A
// (rank, in) and B (out, rank) and the rank, as int64 on the weights' device; a projection without a pair has zeros.
// matrices: per layer and projection A then B (0: none); ranks: per layer and projection.
JNIEXPORT jlong JNICALL Java_org_strokekg_llm_qwen_CudaNative_loraTable(JNIEnv* env, jclass, jlongArray matrices,
                                                                       jintArray ranks) {
  NATIVE_BEGIN
  std::vector<jlong> mats = longs(env, matrices);
  std::vector<jint> r(static_cast<size_t>(env->GetArrayLength(ranks)));
  env->GetIntArrayRegion(ranks, 0, static_cast<jsize>(r.size()), r.data());
  TORCH_CHECK(mats.size() == 2 * r.size(), "loraTable: two matrices a projection");
  std::vector<int64_t> table(3 * r.size(), 0);
  std::optional<at::Device> device;
  for (size_t i = 0; i < r.size(); i++) {
    if (mats[2 * i] == 0) {
      continue;
    }
    const at::Tensor& a = tensor(mats[2 * i]);
    const at::Tensor& b = tensor(mats[2 * i + 1]);
    TORCH_CHECK(a.is_cuda() && b.is_cuda() && a.is_contiguous() && b.is_contiguous() && a.scalar_type() == b.scalar_type()
                    && a.dim() == 2 && b.dim() == 2 && a.size(0) == r[i] && b.size(1) == r[i],
                "loraTable: A (rank, in) and B (out, rank), contiguous on a GPU");
    device = a.device();
    table[3 * i] = reinterpret_cast<int64_t>(a.data_ptr());
    table[3 * i + 1] = reinterpret_cast<int64_t>(b.data_ptr());
    table[3 * i + 2] = r[i];
  }
  TORCH_CHECK(device.has_value(), "loraTable: the adapter has no pair");
  at::Tensor host = at::from_blob(table.data(), {static_cast<int64_t>(table.size())}, at::kLong);
  return reinterpret_cast<jlong>(new at::Tensor(host.to(*device)));
  NATIVE_END(0)
}

// The address of a tensor's first element (an adapter table's, written into a step's inputs).
JNIEXPORT jlong JNICALL Java_org_strokekg_llm_qwen_CudaNative_dataPointer(JNIEnv* env, jclass, jlong handle) {
  NATIVE_BEGIN
  return reinterpret_cast<jlong>(tensor(handle).data_ptr());
  NATIVE_END(0)
}

}  // extern "C"
