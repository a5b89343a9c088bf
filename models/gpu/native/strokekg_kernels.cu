// The engine's fused decode step (issue 23): a whole greedy decode step of R rows (1 <= R <= 32) as ~5 kernels a
// layer, launched on the caller's stream so that it can be captured as one CUDA graph (strokekg_cuda.cc holds the JNI
// side and the libtorch tensors; this file needs only the CUDA runtime, so it builds with nvcc alone).
//
// Per layer: (1) RMSNorm + q|k|v projection + bias: the norm is applied to x as it is read, with the row's 1/rms left
//   by the kernel before; (2) attention of each row's one query over its cache: q/k norms (Qwen3), RoPE, the new key
//   and value written at the row's position, no mask (each block reads only its row's positions), split over the
//   sequence with the partial softmaxes combined by the last block; (3) o projection + residual, which also leaves the
//   next norm's 1/rms (the last block sums the blocks' partial sums, in a fixed order); (4) RMSNorm + gate|up
//   projection + SiLU(gate)·up; (5) down projection + residual (+ the next 1/rms). Then the final norm + the head
//   projection with the greedy pick (a packed atomic max: the first index on a tie, as argmax).
// Projections are matrix-vector products for a few rows, bound by reading the weights once: each warp streams 16 rows
// of W in 16-byte loads and multiplies them with the rows' activations on the tensor cores (mma m16n8k16, float32
// accumulate; the activations are the B operand, so 1 to 8 rows cost the same), the k-axis split over the block's 8
// warps (and, for projections with few row tiles, over several blocks: ksplit_for). Unmerged LoRA adapters (different
// per row): t = A·x for each row with its own adapter's A, and the projection's epilogue adds B·t for that row
// (gathered per row like Punica's SGMV; lora.cuh). FP16/BF16 compute t in leading blocks of the projection's own grid
// while its tiles stream the weights ("fused shrink": no launch of its own); the separate shrink kernel before each
// projection stays for FP32, split-k and as the switchable fallback (SKG_LORA_FUSED, STROKEKG_LORA_SHRINK).
// FP32 models take a plain CUDA-core path through the same epilogues (tests; not a speed target).
// The kernels are in kernel_common.cuh, gemv.cuh and attention.cuh (included: one translation unit); this file
// holds the plan (workspace, launch order) and the C entry points strokekg_cuda.cc calls.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <new>
#include <type_traits>

#include "attention.cuh"
#include "gemv.cuh"
#include "lora.cuh"

// the C entry points below use the kernels and the plan of namespace skg
using namespace skg;

namespace skg {

size_t align256(size_t n) { return (n + 255) & ~static_cast<size_t>(255); }

}  // namespace skg

extern "C" {

// What a plan needs; pointers are device addresses (from libtorch tensors, strokekg_cuda.cc).
struct SkgPlanDesc {
  int dtype;                 // DType
  int m, h, hq, hkv, d, inter, vocab, layers;
  float eps, scale;
  const void* embed;
  const void* final_norm;
  const void* lm_head;
  const void* cos;
  const void* sin;
  const void* const* layer_w;  // layers × 8: in_norm, qkv, qkv_bias, qk_norm, o, post_norm, gate_up, down
  void* const* kc;             // layers
  void* const* vc;
  long long head_stride;
  const long long* col_start;  // m, host
  int max_cols;                // the longest row's capacity
  const long long* inputs;     // device: ids (m), positions (m), adapter tables (m)
  int lora;                    // rows may carry adapters: shrink kernels and the epilogues' B·t
  int max_rank;
  float* logits;               // device (m, vocab) float32
  long long* picked;           // device (m)
};

}  // extern "C"

namespace skg {

struct Plan {
  SkgPlanDesc desc;
  const void** layer_w;
  void** kc;
  void** vc;
  int splits, tile, sms;
  size_t attn_smem;
  int lora_vec;  // adapters through shrink_vec_kernel and 16-byte B loads (1 from skg_plan_create; kernel_check compares)
  int lora_fused;  // the shrink inside the projection's grid where it can (lora_fused_default(); kernel_check compares)
  // workspace
  void *x, *qkv, *ctx, *act;
  float *rstd, *partial, *t, *part_o, *part_ml, *kpart;
  unsigned long long* best;
  long long* col_start;
  unsigned *resid_counter, *head_counter, *attn_counters, *tile_counters, *lora_sync;
};

// The fused shrink is the default from session s8: on one H100 with t staged (SKG_T_STAGE) it equals the separate
// shrink kernel bit for bit (kernel_check) and is faster in every measure (8 rows over 4 adapters 4.90 against 5.38 ms;
// one row 4.12 against 4.74 ms). STROKEKG_LORA_SHRINK=kernel (or -DSKG_LORA_FUSED=0) selects s5's separate kernel.
#ifndef SKG_LORA_FUSED
#define SKG_LORA_FUSED 1
#endif
inline int lora_fused_default() {
  const char* v = getenv("STROKEKG_LORA_SHRINK");
  if (v != nullptr && strcmp(v, "kernel") == 0) return 0;
  if (v != nullptr && strcmp(v, "fused") == 0) return 1;
  return SKG_LORA_FUSED;
}

// Blocks along k for a projection of `tiles` row tiles over K inputs: only a projection with fewer row tiles than
// half the SMs is split (each warp keeping at least one chunk of 64). Measured on an H100 (kernel_check, in graphs,
// 2026-12-07): at the 3B shape's 128-160 tiles every split was slower (q|k|v 8.4 µs unsplit, 10.8 / 11.8 / 16.3 at
// 2 / 4 / 8 splits; o 7.0 against 8.3 / 10.4 / 14.2; down 20.7 against 20.1 / 22.5 / 24.2): the partials' round trip
// and the last block's sum cost more than the extra loads in flight bring.
inline int ksplit_for(int tiles, int K, int sms) {
  const int chunks = (K + 63) / 64;
  int ks = 1;
  while (ks < MAX_KSPLIT && 2 * tiles * ks <= sms && chunks / (2 * ks) >= WARPS) ks *= 2;
  return ks;
}

template <typename T, int NT, int ROWT, int MODE, bool NORM, bool LORA>
cudaError_t launch_nt(const GemvArgs& a, int blocks, cudaStream_t st) {
  if constexpr (std::is_same<T, float>::value) {
    gemv_kernel<T, NT, ROWT, MODE, NORM, LORA, false><<<blocks, THREADS, 0, st>>>(a);
  } else {
    const int ks = MODE == HEAD || a.ksplit < 1 || (LORA && a.shrink_blocks > 0) ? 1
                   : (a.ksplit > MAX_KSPLIT ? MAX_KSPLIT : a.ksplit);
    gemv_kernel<T, NT, ROWT, MODE, NORM, LORA, true><<<dim3(blocks, ks), THREADS, 0, st>>>(a);
  }
  return cudaGetLastError();
}

template <typename T, int ROWT, int MODE, bool NORM, bool LORA>
cudaError_t launch_gemv(const GemvArgs& a, int blocks, cudaStream_t st) {
  if (a.M <= 8) return launch_nt<T, 1, ROWT, MODE, NORM, LORA>(a, blocks, st);
  if (a.M <= 16) return launch_nt<T, 2, ROWT, MODE, NORM, LORA>(a, blocks, st);
  return launch_nt<T, 4, ROWT, MODE, NORM, LORA>(a, blocks, st);
}

template <typename T, int ROWT, int MODE, bool NORM>
cudaError_t gemv(const GemvArgs& a, bool lora, cudaStream_t st) {
  int blocks = MODE == SILU ? (a.half_rows + 15) / 16 : (a.N + 16 * ROWT - 1) / (16 * ROWT);
  if (lora && a.shrink_blocks > 0) blocks += a.shrink_blocks;  // the fused shrink's leading blocks
  return lora ? launch_gemv<T, ROWT, MODE, NORM, true>(a, blocks, st)
              : launch_gemv<T, ROWT, MODE, NORM, false>(a, blocks, st);
}

// Whether this projection's shrink runs inside its own grid (FP16/BF16, the 16-byte shrink's shapes, not split).
template <typename T>
bool fuse_shrink(const Plan& p, const void* x, int ldx, int k, const void* g, int ksplit) {
  if constexpr (std::is_same<T, float>::value) return false;
  return p.lora_fused && p.lora_vec && ksplit <= 1 && shrink_vec_ok(x, ldx, k, g);
}

// t for a projection: nothing to launch when fused (the projection's grid gets the leading blocks), else the shrink
// kernel before it.
template <typename T>
cudaError_t prepare_lora(const Plan& p, GemvArgs& a, bool norm, cudaStream_t st);

template <typename T>
cudaError_t shrink(const Plan& p, const void* x, int ldx, int k, bool norm, const void* g, int layer, int proj,
                   cudaStream_t st) {
  ShrinkArgs s{x, ldx, k, p.desc.m, p.rstd, g, p.desc.inputs + 2 * p.desc.m, layer, proj, p.desc.max_rank, p.t};
  if constexpr (!std::is_same<T, float>::value) {
    if (p.lora_vec && shrink_vec_ok(x, ldx, k, g)) {
      dim3 grid((p.desc.max_rank + SHRINK_RANKS - 1) / SHRINK_RANKS, p.desc.m);
      if (norm) shrink_vec_kernel<T, true><<<grid, THREADS, 0, st>>>(s);
      else shrink_vec_kernel<T, false><<<grid, THREADS, 0, st>>>(s);
      return cudaGetLastError();
    }
  }
  dim3 grid((p.desc.max_rank + WARPS - 1) / WARPS, p.desc.m);
  if (norm) shrink_kernel<T, true><<<grid, THREADS, 0, st>>>(s);
  else shrink_kernel<T, false><<<grid, THREADS, 0, st>>>(s);
  return cudaGetLastError();
}

template <typename T>
cudaError_t prepare_lora(const Plan& p, GemvArgs& a, bool norm, cudaStream_t st) {
  if (fuse_shrink<T>(p, a.x, a.ldx, a.K, norm ? a.g : nullptr, a.ksplit)) {
    a.shrink_blocks = fused_shrink_blocks(a.M, a.max_rank);
    a.lora_sync = p.lora_sync;
    a.ksplit = 1;
    return cudaSuccess;
  }
  a.shrink_blocks = 0;
  return shrink<T>(p, a.x, a.ldx, a.K, norm, norm ? a.g : nullptr, a.layer, a.proj, st);
}

#define SKG_CHECK(call)                   \
  do {                                    \
    cudaError_t e_ = (call);              \
    if (e_ != cudaSuccess) return e_;     \
  } while (0)

template <typename T>
cudaError_t step(const Plan& p, cudaStream_t st) {
  const SkgPlanDesc& c = p.desc;
  const int M = c.m, H = c.h, QKV = (c.hq + 2 * c.hkv) * c.d, QD = c.hq * c.d, I = c.inter;
  const long long* adapters = c.inputs + 2 * M;
  const bool lora = c.lora != 0;
  embed_kernel<T><<<M, THREADS, 0, st>>>(c.inputs, static_cast<const T*>(c.embed), H, static_cast<T*>(p.x), p.rstd,
                                         c.eps);
  SKG_CHECK(cudaGetLastError());
  for (int l = 0; l < c.layers; l++) {
    const void* const* w = p.layer_w + l * 8;
    GemvArgs base{};
    base.M = M;
    base.rstd = p.rstd;
    base.eps = c.eps;
    base.adapters = adapters;
    base.layer = l;
    base.max_rank = c.max_rank;
    base.t = p.t;
    base.lora_vec = p.lora_vec;
    base.partial = p.partial;
    base.counter = p.resid_counter;
    base.rstd_out = p.rstd;
    base.kpart = p.kpart;
    base.tile_counters = p.tile_counters;
    // q|k|v
    GemvArgs a = base;
    a.w = w[1]; a.x = p.x; a.ldx = H; a.K = H; a.N = QKV; a.g = w[0]; a.bias = w[2]; a.y = p.qkv; a.ldy = QKV;
    a.proj = 0;
    a.ksplit = ksplit_for((QKV + 15) / 16, H, p.sms);
    if (lora) SKG_CHECK(prepare_lora<T>(p, a, true, st));
    SKG_CHECK((gemv<T, 1, STORE, true>(a, lora, st)));
    // attention
    AttnArgs at{p.qkv, QKV, M, c.hq, c.hkv, c.d, c.hq / c.hkv, p.splits, p.tile, c.inputs + M, c.cos, c.sin,
                w[3], c.eps, c.scale, p.kc[l], p.vc[l], c.head_stride, p.col_start, p.ctx, p.part_o, p.part_ml,
                p.attn_counters};
    SKG_CHECK(launch_attention<T>(at, dim3(p.splits, c.hkv, M), p.attn_smem, st));
    // o + residual
    a = base;
    a.w = w[4]; a.x = p.ctx; a.ldx = QD; a.K = QD; a.N = H; a.y = p.x; a.ldy = H; a.proj = 1;
    a.ksplit = ksplit_for((H + 15) / 16, QD, p.sms);
    if (lora) SKG_CHECK(prepare_lora<T>(p, a, false, st));
    SKG_CHECK((gemv<T, 1, RESID, false>(a, lora, st)));
    // gate|up, SiLU(gate)·up
    a = base;
    a.w = w[6]; a.x = p.x; a.ldx = H; a.K = H; a.N = 2 * I; a.half_rows = I; a.g = w[5]; a.y = p.act; a.ldy = I;
    a.proj = 2;
    a.ksplit = ksplit_for((I + 15) / 16, H, p.sms);
    if (lora) SKG_CHECK(prepare_lora<T>(p, a, true, st));
    SKG_CHECK((gemv<T, 2, SILU, true>(a, lora, st)));
    // down + residual
    a = base;
    a.w = w[7]; a.x = p.act; a.ldx = I; a.K = I; a.N = H; a.y = p.x; a.ldy = H; a.proj = 3;
    a.ksplit = ksplit_for((H + 15) / 16, I, p.sms);
    if (lora) SKG_CHECK(prepare_lora<T>(p, a, false, st));
    SKG_CHECK((gemv<T, 1, RESID, false>(a, lora, st)));
  }
  GemvArgs a{};
  a.w = c.lm_head; a.x = p.x; a.ldx = H; a.K = H; a.N = c.vocab; a.M = M; a.rstd = p.rstd; a.g = c.final_norm;
  a.logits = c.logits; a.best = p.best; a.picked = c.picked; a.counter = p.head_counter;
  return gemv<T, 2, HEAD, true>(a, false, st);
}

// Workspace layout (every part 256-byte aligned); also sets the plan's pointers when base is not null.
size_t layout(Plan* p, char* base) {
  const SkgPlanDesc& c = p->desc;
  const size_t es = c.dtype == F32 ? 4 : 2;
  const int M = c.m, G = c.hq / c.hkv;
  const int resid_blocks = (c.h + 15) / 16;
  size_t at = 0;
  auto take = [&](size_t bytes) {
    char* ptr = base == nullptr ? nullptr : base + at;
    at += align256(bytes);
    return ptr;
  };
  char* x = take(static_cast<size_t>(M) * c.h * es);
  char* qkv = take(static_cast<size_t>(M) * (c.hq + 2 * c.hkv) * c.d * es);
  char* ctx = take(static_cast<size_t>(M) * c.hq * c.d * es);
  char* act = take(static_cast<size_t>(M) * c.inter * es);
  char* rstd = take(static_cast<size_t>(M) * 4);
  char* partial = take(static_cast<size_t>(resid_blocks) * M * 4);
  char* t = take(static_cast<size_t>(M) * (c.max_rank > 0 ? c.max_rank : 1) * 4);
  char* part_o = take(static_cast<size_t>(M) * c.hkv * p->splits * G * c.d * 4);
  char* part_ml = take(static_cast<size_t>(M) * c.hkv * p->splits * G * 2 * 4);
  char* best = take(static_cast<size_t>(M) * 8);
  char* col = take(static_cast<size_t>(M) * 8);
  // split-k partials: the largest of the split projections (row tiles × splits × one block's slab of floats)
  const int nt8 = M <= 8 ? 8 : (M <= 16 ? 16 : 32);
  const int QKV = (c.hq + 2 * c.hkv) * c.d, QD = c.hq * c.d;
  const int sms = p->sms > 0 ? p->sms : 132;
  size_t kp = 0;
  int tiles_max = 1;
  auto need = [&](int tiles, int K, int rowt) {
    const int ks = ksplit_for(tiles, K, sms);
    if (ks > 1) kp = kp > static_cast<size_t>(tiles) * ks * rowt * 16 * nt8 ? kp
                                                                             : static_cast<size_t>(tiles) * ks * rowt * 16 * nt8;
    tiles_max = tiles_max > tiles ? tiles_max : tiles;
  };
  need((QKV + 15) / 16, c.h, 1);
  need((c.h + 15) / 16, QD, 1);
  need((c.inter + 15) / 16, c.h, 2);
  need((c.h + 15) / 16, c.inter, 1);
  char* kpart = take(kp * 4);
  char* counters = take(static_cast<size_t>(2 + M * c.hkv + tiles_max + 3) * 4);
  if (base != nullptr) {
    p->x = x; p->qkv = qkv; p->ctx = ctx; p->act = act;
    p->rstd = reinterpret_cast<float*>(rstd);
    p->partial = reinterpret_cast<float*>(partial);
    p->t = reinterpret_cast<float*>(t);
    p->part_o = reinterpret_cast<float*>(part_o);
    p->part_ml = reinterpret_cast<float*>(part_ml);
    p->best = reinterpret_cast<unsigned long long*>(best);
    p->col_start = reinterpret_cast<long long*>(col);
    p->resid_counter = reinterpret_cast<unsigned*>(counters);
    p->head_counter = p->resid_counter + 1;
    p->attn_counters = p->resid_counter + 2;
    p->tile_counters = p->attn_counters + M * c.hkv;
    p->lora_sync = p->tile_counters + tiles_max;
    p->kpart = reinterpret_cast<float*>(kpart);
  }
  return at;
}

// The attention's split: whole tiles of ATTN_TILE positions (tile: another size, for kernel_check's comparisons), as
// many blocks as the capacity needs, at most ATTN_MAX_SPLITS (a longer row's blocks take several tiles each). With
// many rows the tile doubles (up to 128) while the blocks would need more than one wave (two blocks an SM).
void configure(Plan* p, int tile = 0) {
  const SkgPlanDesc& c = p->desc;
  if (p->sms <= 0) {
    int dev = 0, n = 0;
    if (cudaGetDevice(&dev) == cudaSuccess && cudaDeviceGetAttribute(&n, cudaDevAttrMultiProcessorCount, dev) == cudaSuccess)
      p->sms = n;
    if (p->sms <= 0) p->sms = 132;
  }
  int t = tile > 0 ? tile : ATTN_TILE;
  if (tile <= 0)
    while (t < 128 && static_cast<long long>(c.m) * c.hkv * ((c.max_cols + t - 1) / t) > 2LL * p->sms) t *= 2;
  p->tile = t;
  const int s = (c.max_cols + p->tile - 1) / p->tile;
  p->splits = s < 1 ? 1 : (s > ATTN_MAX_SPLITS ? ATTN_MAX_SPLITS : s);
  const int G = c.hq / c.hkv;
  p->attn_smem = attn_smem_bytes(p->tile, c.d, G, p->splits, c.dtype == F32 ? 4 : 2);
}

template <typename T>
cudaError_t allow_smem(size_t bytes) {
  if (bytes <= 48 * 1024) return cudaSuccess;
  cudaError_t e = cudaFuncSetAttribute(attn_kernel<T, 8>, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                       static_cast<int>(bytes));
  if (e != cudaSuccess) return e;
  return cudaFuncSetAttribute(attn_kernel<T, MAX_GROUP>, cudaFuncAttributeMaxDynamicSharedMemorySize,
                              static_cast<int>(bytes));
}

}  // namespace skg

extern "C" {

// Why a plan cannot be made for these shapes, or null when it can.
const char* skg_plan_refusal(const SkgPlanDesc* c) {
  if (c->dtype != F32 && c->dtype != F16 && c->dtype != BF16) return "dtype not float32, float16 or bfloat16";
  if (c->m < 1 || c->m > MAX_ROWS) return "rows not in 1..32";
  if (c->hkv < 1 || c->hq % c->hkv != 0 || c->hq / c->hkv > MAX_GROUP) return "more than 16 query heads a KV head";
  if (c->d % 2 != 0) return "odd head size";
  if (c->d > 32 * ATTN_VPL) return "head size over 128";
  if (c->dtype != F32 && (c->h % 16 != 0 || (c->hq * c->d) % 16 != 0 || c->inter % 16 != 0))
    return "a projection's input size is not a multiple of 16";
  if (c->max_rank > 4096) return "adapter rank over 4096";
  return nullptr;
}

size_t skg_workspace_bytes(const SkgPlanDesc* c) {
  Plan p{};
  p.desc = *c;
  configure(&p);
  return layout(&p, nullptr);
}

// A plan over a zeroed workspace of skg_workspace_bytes; copies the rows' column starts there (synchronously: not
// during a capture).
void* skg_plan_create(const SkgPlanDesc* c, void* workspace, char* error, int error_len) {
  const char* refused = skg_plan_refusal(c);
  if (refused != nullptr) {
    snprintf(error, error_len, "%s", refused);
    return nullptr;
  }
  Plan* p = new (std::nothrow) Plan();
  if (p == nullptr) {
    snprintf(error, error_len, "out of host memory");
    return nullptr;
  }
  p->desc = *c;
  p->lora_vec = 1;
  p->lora_fused = lora_fused_default();
  p->layer_w = new const void*[static_cast<size_t>(c->layers) * 8];
  p->kc = new void*[c->layers];
  p->vc = new void*[c->layers];
  memcpy(p->layer_w, c->layer_w, sizeof(void*) * c->layers * 8);
  memcpy(p->kc, c->kc, sizeof(void*) * c->layers);
  memcpy(p->vc, c->vc, sizeof(void*) * c->layers);
  p->desc.layer_w = nullptr;
  p->desc.kc = nullptr;
  p->desc.vc = nullptr;
  p->desc.col_start = nullptr;
  configure(p);
  layout(p, static_cast<char*>(workspace));
  cudaError_t e = cudaMemcpy(p->col_start, c->col_start, sizeof(long long) * c->m, cudaMemcpyHostToDevice);
  if (e == cudaSuccess) {
    e = c->dtype == F32 ? allow_smem<float>(p->attn_smem)
        : c->dtype == F16 ? allow_smem<__half>(p->attn_smem) : allow_smem<__nv_bfloat16>(p->attn_smem);
  }
  if (e != cudaSuccess) {
    snprintf(error, error_len, "%s", cudaGetErrorString(e));
    delete[] p->layer_w;
    delete[] p->kc;
    delete[] p->vc;
    delete p;
    return nullptr;
  }
  return p;
}

// Launches the whole step on the stream; 0 or a CUDA error code.
int skg_plan_step(void* plan, cudaStream_t stream) {
  const Plan& p = *static_cast<Plan*>(plan);
  switch (p.desc.dtype) {
    case F32: return step<float>(p, stream);
    case F16: return step<__half>(p, stream);
    default: return step<__nv_bfloat16>(p, stream);
  }
}

const char* skg_error_string(int code) { return cudaGetErrorString(static_cast<cudaError_t>(code)); }

void skg_plan_free(void* plan) {
  Plan* p = static_cast<Plan*>(plan);
  if (p == nullptr) return;
  delete[] p->layer_w;
  delete[] p->kc;
  delete[] p->vc;
  delete p;
}

}  // extern "C"
