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
// warps. Unmerged LoRA adapters (different per row): a small "shrink" kernel computes t = A·x for each row with its
// own adapter's A, and the projection's epilogue adds B·t for that row (gathered per row like Punica's SGMV).
// FP32 models take a plain CUDA-core path through the same epilogues (tests; not a speed target).
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <new>
#include <type_traits>

namespace {

constexpr int WARPS = 8;
constexpr int THREADS = WARPS * 32;
constexpr int MAX_ROWS = 32;
constexpr int MAX_GROUP = 16;   // query heads per KV head
constexpr int ATTN_THREADS = 128;

enum Mode { STORE = 0, RESID = 1, SILU = 2, HEAD = 3 };
enum DType { F32 = 0, F16 = 1, BF16 = 2 };

template <typename T> __device__ __forceinline__ float tof(T v);
template <> __device__ __forceinline__ float tof<float>(float v) { return v; }
template <> __device__ __forceinline__ float tof<__half>(__half v) { return __half2float(v); }
template <> __device__ __forceinline__ float tof<__nv_bfloat16>(__nv_bfloat16 v) { return __bfloat162float(v); }

template <typename T> __device__ __forceinline__ T fromf(float v);
template <> __device__ __forceinline__ float fromf<float>(float v) { return v; }
template <> __device__ __forceinline__ __half fromf<__half>(float v) { return __float2half_rn(v); }
template <> __device__ __forceinline__ __nv_bfloat16 fromf<__nv_bfloat16>(float v) { return __float2bfloat16_rn(v); }

// v rounded to T and back: the roundings of the op-by-op path (each libtorch op returns T)
template <typename T> __device__ __forceinline__ float rnd(float v) { return tof<T>(fromf<T>(v)); }

// two floats packed as one 32-bit pair of T (T = half or bfloat16)
template <typename T> __device__ __forceinline__ uint32_t pack2(float lo, float hi);
template <> __device__ __forceinline__ uint32_t pack2<__half>(float lo, float hi) {
  __half2 h = __floats2half2_rn(lo, hi);
  return *reinterpret_cast<uint32_t*>(&h);
}
template <> __device__ __forceinline__ uint32_t pack2<__nv_bfloat16>(float lo, float hi) {
  __nv_bfloat162 h = __floats2bfloat162_rn(lo, hi);
  return *reinterpret_cast<uint32_t*>(&h);
}
template <typename T> __device__ __forceinline__ float2 unpack2(uint32_t w);
template <> __device__ __forceinline__ float2 unpack2<__half>(uint32_t w) {
  return __half22float2(*reinterpret_cast<__half2*>(&w));
}
template <> __device__ __forceinline__ float2 unpack2<__nv_bfloat16>(uint32_t w) {
  return __bfloat1622float2(*reinterpret_cast<__nv_bfloat162*>(&w));
}

// a weight load: 16 bytes, read once per step, kept out of L1
__device__ __forceinline__ uint4 load_stream(const void* p) {
  uint4 v;
  asm volatile("ld.global.nc.L1::no_allocate.v4.u32 {%0,%1,%2,%3}, [%4];"
               : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
               : "l"(p));
  return v;
}

__device__ __forceinline__ uint32_t word(const uint4 (&v)[2], int w) {
  const uint4& q = v[w >> 2];
  switch (w & 3) {
    case 0: return q.x;
    case 1: return q.y;
    case 2: return q.z;
    default: return q.w;
  }
}

template <typename T>
__device__ __forceinline__ void mma16816(float (&c)[4], uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3,
                                         uint32_t b0, uint32_t b1);
template <>
__device__ __forceinline__ void mma16816<__half>(float (&c)[4], uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3,
                                                 uint32_t b0, uint32_t b1) {
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
}
template <>
__device__ __forceinline__ void mma16816<__nv_bfloat16>(float (&c)[4], uint32_t a0, uint32_t a1, uint32_t a2,
                                                        uint32_t a3, uint32_t b0, uint32_t b1) {
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
}

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

// float -> unsigned with the same order (for a packed max of value and index)
__device__ __forceinline__ uint32_t ordered(float f) {
  uint32_t u = __float_as_uint(f);
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

// One projection y = x·Wᵀ for M rows, with its epilogue (see Mode).
struct GemvArgs {
  const void* w;            // (N, K) row-major; SILU: (2·half_rows, K), gate rows then up rows
  const void* x;            // (M, K), row stride ldx
  int ldx, K, N, M, half_rows;
  const float* rstd;        // NORM: each row's 1/rms
  const void* g;            // NORM: the norm's weight (K)
  const void* bias;         // STORE: (N) or null
  void* y;                  // STORE, SILU: the output (M, ldy); RESID: the residual stream, updated in place
  int ldy;
  float* partial;           // RESID: each block's sums of squares (blocks × M)
  unsigned* counter;        // RESID, HEAD: blocks done (reset by the last)
  float* rstd_out;          // RESID: the next norm's 1/rms per row
  float eps;
  float* logits;            // HEAD: (M, N) float32
  unsigned long long* best; // HEAD: packed max per row (reset by the last block)
  long long* picked;        // HEAD: argmax per row
  const long long* adapters;// LORA: per row the address of its adapter's table, or 0
  int layer, proj, max_rank;
  const float* t;           // LORA: (M, max_rank), A·x of each row
};

// The row's adapter's B for this projection and its rank, or null.
template <typename T>
__device__ __forceinline__ const T* lora_b(const GemvArgs& a, int m, int* rank) {
  long long tab = a.adapters[m];
  if (tab == 0) return nullptr;
  const long long* e = reinterpret_cast<const long long*>(tab) + (a.layer * 4 + a.proj) * 3;
  *rank = static_cast<int>(e[2]);
  return *rank > 0 ? reinterpret_cast<const T*>(e[1]) : nullptr;
}

template <typename T>
__device__ __forceinline__ float lora_dot(const GemvArgs& a, int m, int j) {
  int r = 0;
  const T* b = lora_b<T>(a, m, &r);
  if (b == nullptr) return 0.f;
  const T* row = b + static_cast<size_t>(j) * r;
  const float* tm = a.t + m * a.max_rank;
  float s = 0.f;
  for (int k = 0; k < r; k++) s += tof<T>(row[k]) * tm[k];
  return s;
}

// The weight row of output (tile tt, row i) of the block starting at r0, or -1 past the end.
template <int MODE>
__device__ __forceinline__ int weight_row(const GemvArgs& a, int r0, int tt, int i) {
  if (MODE == SILU) return r0 + i < a.half_rows ? tt * a.half_rows + r0 + i : -1;
  int row = r0 + tt * 16 + i;
  return row < a.N ? row : -1;
}

// Tensor-core main loop: acc_s[tt][i][m] = Σ_k W[row(tt,i)][k] · xin[m][k], xin the (normed) input.
// The k-axis is cut into chunks of 64, chunk c to warp c % 8; within a chunk thread (g, t4) reads 16 consecutive
// elements of rows g and g+8 and of activation row g; a dot product does not care in which order k runs, so the 16
// are fed to 4 mma steps as their logical k (2t4, 2t4+1, 2t4+8, 2t4+9) — for the weights and the activations alike.
template <typename T, int NT, int ROWT, int MODE, bool NORM>
__device__ __forceinline__ void mma_main(const GemvArgs& a, int r0, float (*acc_s)[16][NT * 8]) {
  __shared__ float red[WARPS][ROWT * NT * 4][32];
  const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, g = lane >> 2, t4 = lane & 3;
  const T* W = static_cast<const T*>(a.w);
  const T* X = static_cast<const T*>(a.x);
  const T* G = static_cast<const T*>(a.g);
  // rows past the end read row 0 and are zeroed after the load: no branch between the loads, so all of a chunk's
  // loads are in flight together
  const T* wrow[ROWT][2];
  bool wok[ROWT][2];
#pragma unroll
  for (int tt = 0; tt < ROWT; tt++)
#pragma unroll
    for (int hh = 0; hh < 2; hh++) {
      int row = weight_row<MODE>(a, r0, tt, g + 8 * hh);
      wok[tt][hh] = row >= 0;
      wrow[tt][hh] = W + static_cast<size_t>(row >= 0 ? row : 0) * a.K;
    }
  const T* xrow[NT];
  float rs[NT];
#pragma unroll
  for (int nt = 0; nt < NT; nt++) {
    int m = nt * 8 + g;
    xrow[nt] = m < a.M ? X + static_cast<size_t>(m) * a.ldx : nullptr;
    rs[nt] = (NORM && m < a.M) ? a.rstd[m] : 1.f;
  }
  float acc[ROWT][NT][4];
#pragma unroll
  for (int tt = 0; tt < ROWT; tt++)
#pragma unroll
    for (int nt = 0; nt < NT; nt++)
#pragma unroll
      for (int e = 0; e < 4; e++) acc[tt][nt][e] = 0.f;

  const int chunks = (a.K + 63) >> 6;
  // the loads of UNROLL chunks in flight before their products: with one row tile a block, a warp's four chunks of
  // a 2,048-long row at once
  constexpr int UNROLL = ROWT == 1 ? 4 : 2;
  const uint4 zero = make_uint4(0, 0, 0, 0);
  for (int c0 = warp; c0 < chunks; c0 += WARPS * UNROLL) {
    uint4 wv[UNROLL][ROWT][2][2];
    uint4 xv[UNROLL][NT][2];
    bool kok[UNROLL];
#pragma unroll
    for (int u = 0; u < UNROLL; u++) {
      int c = c0 + u * WARPS;
      int k = c * 64 + t4 * 16;
      kok[u] = c < chunks && k < a.K;
      int kk = kok[u] ? k : 0;
#pragma unroll
      for (int tt = 0; tt < ROWT; tt++)
#pragma unroll
        for (int hh = 0; hh < 2; hh++) {
          wv[u][tt][hh][0] = load_stream(wrow[tt][hh] + kk);
          wv[u][tt][hh][1] = load_stream(wrow[tt][hh] + kk + 8);
        }
    }
#pragma unroll
    for (int u = 0; u < UNROLL; u++) {
      int k = (c0 + u * WARPS) * 64 + t4 * 16;
#pragma unroll
      for (int nt = 0; nt < NT; nt++) {
        if (kok[u] && xrow[nt] != nullptr) {
          xv[u][nt][0] = __ldg(reinterpret_cast<const uint4*>(xrow[nt] + k));
          xv[u][nt][1] = __ldg(reinterpret_cast<const uint4*>(xrow[nt] + k + 8));
          if (NORM) {
            uint4 gv[2];
            gv[0] = __ldg(reinterpret_cast<const uint4*>(G + k));
            gv[1] = __ldg(reinterpret_cast<const uint4*>(G + k + 8));
#pragma unroll
            for (int w = 0; w < 8; w++) {
              float2 xf = unpack2<T>(word(xv[u][nt], w));
              float2 gf = unpack2<T>(word(gv, w));
              uint32_t out = pack2<T>(rnd<T>(xf.x * rs[nt]) * gf.x, rnd<T>(xf.y * rs[nt]) * gf.y);
              uint4& q = xv[u][nt][w >> 2];
              if ((w & 3) == 0) q.x = out;
              else if ((w & 3) == 1) q.y = out;
              else if ((w & 3) == 2) q.z = out;
              else q.w = out;
            }
          }
        } else {
          xv[u][nt][0] = zero;
          xv[u][nt][1] = zero;
        }
      }
#pragma unroll
      for (int tt = 0; tt < ROWT; tt++)
#pragma unroll
        for (int hh = 0; hh < 2; hh++)
          if (!(kok[u] && wok[tt][hh])) {
            wv[u][tt][hh][0] = zero;
            wv[u][tt][hh][1] = zero;
          }
    }
#pragma unroll
    for (int u = 0; u < UNROLL; u++)
#pragma unroll
      for (int j = 0; j < 4; j++)
#pragma unroll
        for (int nt = 0; nt < NT; nt++) {
          uint32_t b0 = word(xv[u][nt], 2 * j), b1 = word(xv[u][nt], 2 * j + 1);
#pragma unroll
          for (int tt = 0; tt < ROWT; tt++)
            mma16816<T>(acc[tt][nt], word(wv[u][tt][0], 2 * j), word(wv[u][tt][1], 2 * j),
                        word(wv[u][tt][0], 2 * j + 1), word(wv[u][tt][1], 2 * j + 1), b0, b1);
        }
  }
#pragma unroll
  for (int tt = 0; tt < ROWT; tt++)
#pragma unroll
    for (int nt = 0; nt < NT; nt++)
#pragma unroll
      for (int e = 0; e < 4; e++) red[warp][(tt * NT + nt) * 4 + e][lane] = acc[tt][nt][e];
  __syncthreads();
  for (int e = threadIdx.x; e < ROWT * NT * 4 * 32; e += THREADS) {
    int q = e >> 5, ln = e & 31;
    float s = 0.f;
#pragma unroll
    for (int w = 0; w < WARPS; w++) s += red[w][q][ln];
    int tt = q / (NT * 4), nt = (q / 4) % NT, reg = q & 3;
    int i = (ln >> 2) + (reg >= 2 ? 8 : 0);
    int col = nt * 8 + 2 * (ln & 3) + (reg & 1);
    acc_s[tt][i][col] = s;
  }
}

// CUDA-core main loop (FP32 weights): one thread per output and row, the whole k-axis.
template <typename T, int NT, int ROWT, int MODE, bool NORM>
__device__ __forceinline__ void plain_main(const GemvArgs& a, int r0, float (*acc_s)[16][NT * 8]) {
  const T* W = static_cast<const T*>(a.w);
  const T* X = static_cast<const T*>(a.x);
  const T* G = static_cast<const T*>(a.g);
  for (int e = threadIdx.x; e < ROWT * 16 * a.M; e += THREADS) {
    int tt = e / (16 * a.M), i = (e / a.M) % 16, m = e % a.M;
    int row = weight_row<MODE>(a, r0, tt, i);
    float s = 0.f;
    if (row >= 0) {
      const T* wr = W + static_cast<size_t>(row) * a.K;
      const T* xr = X + static_cast<size_t>(m) * a.ldx;
      float rs = NORM ? a.rstd[m] : 1.f;
      for (int k = 0; k < a.K; k++) {
        float xv = tof<T>(xr[k]);
        if (NORM) xv = rnd<T>(rnd<T>(xv * rs) * tof<T>(G[k]));
        s += tof<T>(wr[k]) * xv;
      }
    }
    acc_s[tt][i][m] = s;
  }
}

// The last block of a grid to finish (counter counts blocks; the last resets it for the next launch).
__device__ __forceinline__ bool last_block(unsigned* counter, unsigned blocks) {
  __shared__ bool last;
  __threadfence();
  __syncthreads();
  if (threadIdx.x == 0) last = atomicAdd(counter, 1u) == blocks - 1;
  __syncthreads();
  if (last && threadIdx.x == 0) *counter = 0;
  return last;
}

template <typename T, int NT, int ROWT, int MODE, bool NORM, bool LORA, bool MMA>
__global__ void __launch_bounds__(THREADS) gemv_kernel(GemvArgs a) {
  __shared__ float acc_s[ROWT][16][NT * 8];
  __shared__ float sq_s[NT * 8][ROWT * 16];
  __shared__ unsigned long long best_s[NT * 8];
  const int r0 = blockIdx.x * (MODE == SILU ? 16 : 16 * ROWT);
  if constexpr (MMA) {
    mma_main<T, NT, ROWT, MODE, NORM>(a, r0, acc_s);
  } else {
    plain_main<T, NT, ROWT, MODE, NORM>(a, r0, acc_s);
  }
  if (MODE == HEAD && threadIdx.x < NT * 8) best_s[threadIdx.x] = 0ull;
  __syncthreads();
  T* y = static_cast<T*>(a.y);
  if (MODE == SILU) {
    for (int e = threadIdx.x; e < 16 * a.M; e += THREADS) {
      int i = e / a.M, m = e % a.M, j = r0 + i;
      if (j >= a.half_rows) continue;
      float gv = acc_s[0][i][m], uv = acc_s[1][i][m];
      if (LORA) {
        gv += lora_dot<T>(a, m, j);
        uv += lora_dot<T>(a, m, a.half_rows + j);
      }
      gv = rnd<T>(gv);
      uv = rnd<T>(uv);
      float sg = rnd<T>(1.f / (1.f + __expf(-gv)));
      y[static_cast<size_t>(m) * a.ldy + j] = fromf<T>(rnd<T>(gv * sg) * uv);
    }
    return;
  }
  for (int e = threadIdx.x; e < ROWT * 16 * a.M; e += THREADS) {
    int tt = e / (16 * a.M), i = (e / a.M) % 16, m = e % a.M;
    int j = r0 + tt * 16 + i;
    if (j >= a.N) {
      if (MODE == RESID) sq_s[m][tt * 16 + i] = 0.f;
      continue;
    }
    float v = acc_s[tt][i][m];
    if (LORA) v += lora_dot<T>(a, m, j);
    if (MODE == STORE) {
      if (a.bias != nullptr) v += tof<T>(static_cast<const T*>(a.bias)[j]);
      y[static_cast<size_t>(m) * a.ldy + j] = fromf<T>(v);
    } else if (MODE == RESID) {
      T* at = y + static_cast<size_t>(m) * a.ldy + j;
      float nv = rnd<T>(tof<T>(*at) + v);
      *at = fromf<T>(nv);
      sq_s[m][tt * 16 + i] = nv * nv;
    } else {  // HEAD
      float lv = rnd<T>(v);
      a.logits[static_cast<size_t>(m) * a.N + j] = lv;
      unsigned long long key = (static_cast<unsigned long long>(ordered(lv)) << 32) | (0xffffffffu - j);
      atomicMax(&best_s[m], key);
    }
  }
  if (MODE == STORE) return;
  __syncthreads();
  if (MODE == RESID) {
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    for (int m = warp; m < a.M; m += WARPS) {
      float s = lane < ROWT * 16 ? sq_s[m][lane] : 0.f;
      if (ROWT * 16 > 32) s += lane + 32 < ROWT * 16 ? sq_s[m][lane + 32] : 0.f;
      s = warp_sum(s);
      if (lane == 0) a.partial[blockIdx.x * a.M + m] = s;
    }
    if (last_block(a.counter, gridDim.x)) {
      for (int m = warp; m < a.M; m += WARPS) {
        float s = 0.f;
        for (unsigned b = lane; b < gridDim.x; b += 32) s += __ldcg(&a.partial[b * a.M + m]);
        s = warp_sum(s);  // the same order on every replay: deterministic
        if (lane == 0) a.rstd_out[m] = rsqrtf(s / a.N + a.eps);
      }
    }
  } else {  // HEAD
    if (threadIdx.x < a.M) atomicMax(&a.best[threadIdx.x], best_s[threadIdx.x]);
    if (last_block(a.counter, gridDim.x)) {
      if (threadIdx.x < a.M) {
        unsigned long long b = atomicExch(&a.best[threadIdx.x], 0ull);
        a.picked[threadIdx.x] = static_cast<long long>(0xffffffffu - static_cast<uint32_t>(b & 0xffffffffull));
      }
    }
  }
}

// The embedding rows of the step's tokens, and their 1/rms for the first norm.
template <typename T>
__global__ void __launch_bounds__(THREADS) embed_kernel(const long long* ids, const T* table, int h, T* x,
                                                         float* rstd, float eps) {
  __shared__ float part[WARPS];
  const int m = blockIdx.x;
  const T* row = table + static_cast<size_t>(ids[m]) * h;
  float s = 0.f;
  for (int d = threadIdx.x; d < h; d += THREADS) {
    T v = row[d];
    x[static_cast<size_t>(m) * h + d] = v;
    float f = tof<T>(v);
    s += f * f;
  }
  s = warp_sum(s);
  if ((threadIdx.x & 31) == 0) part[threadIdx.x >> 5] = s;
  __syncthreads();
  if (threadIdx.x == 0) {
    float t = 0.f;
    for (int w = 0; w < WARPS; w++) t += part[w];
    rstd[m] = rsqrtf(t / h + eps);
  }
}

// t[m][k] = A_m[k] · xin[m] for each row with an adapter (xin normed as the projection reads it).
struct ShrinkArgs {
  const void* x;
  int ldx, K, M;
  const float* rstd;
  const void* g;
  const long long* adapters;
  int layer, proj, max_rank;
  float* t;
};

template <typename T, bool NORM>
__global__ void __launch_bounds__(THREADS) shrink_kernel(ShrinkArgs a) {
  const int m = blockIdx.y, k = blockIdx.x * WARPS + (threadIdx.x >> 5), lane = threadIdx.x & 31;
  long long tab = a.adapters[m];
  if (tab == 0) return;
  const long long* e = reinterpret_cast<const long long*>(tab) + (a.layer * 4 + a.proj) * 3;
  const T* A = reinterpret_cast<const T*>(e[0]);
  if (A == nullptr || k >= e[2]) return;
  const T* ar = A + static_cast<size_t>(k) * a.K;
  const T* xr = static_cast<const T*>(a.x) + static_cast<size_t>(m) * a.ldx;
  const T* G = static_cast<const T*>(a.g);
  float rs = NORM ? a.rstd[m] : 1.f;
  float s = 0.f;
  for (int d = lane; d < a.K; d += 32) {
    float xv = tof<T>(xr[d]);
    if (NORM) xv = rnd<T>(rnd<T>(xv * rs) * tof<T>(G[d]));
    s += tof<T>(ar[d]) * xv;
  }
  s = warp_sum(s);
  if (lane == 0) a.t[m * a.max_rank + k] = rnd<T>(s);
}

// Attention of each row's new token over its cache: grid (S, Hkv, M), block ATTN_THREADS.
struct AttnArgs {
  const void* qkv;
  int ldqkv, M, hq, hkv, d, groups, splits, chunk_max;
  const long long* pos;
  const void* cos;
  const void* sin;
  const void* qk_norm;   // (hq + hkv, d) or null
  float eps, scale;
  void* kc;              // this layer's keys: head h, column c at kc + h·head_stride + c·d
  void* vc;
  long long head_stride;
  const long long* col_start;  // each row's first column
  void* ctx;             // (M, hq·d)
  float* part_o;         // (M, hkv, S, G, d)
  float* part_ml;        // (M, hkv, S, G, 2): max and sum of the split's scores
  unsigned* counters;    // (M, hkv)
};

// heads × d values in smem, each head normed by its rms times its weight row (Qwen3's q/k norms; weight null: none),
// with the op-by-op path's roundings; then RoPE at the position whose cos/sin rows are given.
template <typename T>
__device__ void norm_rope(float* x, int heads, int d, const T* weight, float eps, const T* cs, const T* sn,
                          float* scratch) {
  const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
  if (weight != nullptr) {
    for (int h = warp; h < heads; h += ATTN_THREADS / 32) {
      float s = 0.f;
      for (int i = lane; i < d; i += 32) s += x[h * d + i] * x[h * d + i];
      s = warp_sum(s);
      if (lane == 0) scratch[h] = rsqrtf(s / d + eps);
    }
    __syncthreads();
    for (int i = tid; i < heads * d; i += ATTN_THREADS)
      x[i] = rnd<T>(rnd<T>(x[i] * scratch[i / d]) * tof<T>(weight[i]));
    __syncthreads();
  }
  const int half = d / 2;
  for (int k = tid; k < heads * half; k += ATTN_THREADS) {
    const int h = k / half, i = k % half;
    float* xh = x + h * d;
    float x1 = xh[i], x2 = xh[i + half];
    xh[i] = rnd<T>(x1 * tof<T>(cs[i]) - x2 * tof<T>(sn[i]));
    xh[i + half] = rnd<T>(x2 * tof<T>(cs[i + half]) + x1 * tof<T>(sn[i + half]));
  }
  __syncthreads();
}

template <typename T>
__global__ void __launch_bounds__(ATTN_THREADS) attn_kernel(AttnArgs a) {
  extern __shared__ float sm[];
  const int s = blockIdx.x, h = blockIdx.y, m = blockIdx.z, tid = threadIdx.x;
  const int d = a.d, G = a.groups;
  float* q_s = sm;                          // G·d
  float* sc = q_s + G * d;                  // G·chunk_max
  float* kv_s = sc + G * a.chunk_max;       // d
  float* ml = kv_s + d;                     // 2·MAX_GROUP
  float* scratch = ml + 2 * MAX_GROUP;      // MAX_GROUP
  const long long len = a.pos[m] + 1;
  const int chunk = static_cast<int>((len + a.splits - 1) / a.splits);
  const long long p0 = static_cast<long long>(s) * chunk;
  const long long p1 = min(len, p0 + chunk);
  const int n = p1 > p0 ? static_cast<int>(p1 - p0) : 0;
  const T* qkv = static_cast<const T*>(a.qkv) + static_cast<size_t>(m) * a.ldqkv;
  const T* cs = static_cast<const T*>(a.cos) + static_cast<size_t>(len - 1) * d;
  const T* sn = static_cast<const T*>(a.sin) + static_cast<size_t>(len - 1) * d;
  const T* qkn = static_cast<const T*>(a.qk_norm);
  T* keys = static_cast<T*>(a.kc) + h * a.head_stride + a.col_start[m] * d;
  T* values = static_cast<T*>(a.vc) + h * a.head_stride + a.col_start[m] * d;

  // this row's query heads h·G .. h·G+G-1: norm (Qwen3) and RoPE at its position
  for (int i = tid; i < G * d; i += ATTN_THREADS) q_s[i] = tof<T>(qkv[h * G * d + i]);
  __syncthreads();
  norm_rope<T>(q_s, G, d, qkn == nullptr ? nullptr : qkn + static_cast<size_t>(h) * G * d, a.eps, cs, sn, scratch);
  // the block that holds the new position writes its key and value into the cache
  if (p0 <= len - 1 && len - 1 < p1) {
    for (int i = tid; i < d; i += ATTN_THREADS) kv_s[i] = tof<T>(qkv[(a.hq + h) * d + i]);
    __syncthreads();
    norm_rope<T>(kv_s, 1, d, qkn == nullptr ? nullptr : qkn + static_cast<size_t>(a.hq + h) * d, a.eps, cs, sn,
                 scratch);
    for (int i = tid; i < d; i += ATTN_THREADS) {
      keys[(len - 1) * d + i] = fromf<T>(kv_s[i]);
      values[(len - 1) * d + i] = qkv[(a.hq + a.hkv + h) * d + i];
    }
    __syncthreads();
  }
  // scores: 4 threads a position, each over a quarter of the head's elements
  for (int base = 0; base < n; base += ATTN_THREADS / 4) {
    const int pl = base + (tid >> 2), sub = tid & 3;
    float acc[MAX_GROUP];
#pragma unroll
    for (int gg = 0; gg < MAX_GROUP; gg++) acc[gg] = 0.f;
    if (pl < n) {
      const T* kr = keys + (p0 + pl) * d;
      for (int i = sub; i < d; i += 4) {
        float kv = tof<T>(kr[i]);
#pragma unroll
        for (int gg = 0; gg < MAX_GROUP; gg++)
          if (gg < G) acc[gg] += q_s[gg * d + i] * kv;
      }
    }
#pragma unroll
    for (int gg = 0; gg < MAX_GROUP; gg++) {
      acc[gg] += __shfl_xor_sync(0xffffffffu, acc[gg], 1);
      acc[gg] += __shfl_xor_sync(0xffffffffu, acc[gg], 2);
    }
    if (sub == 0 && pl < n) {
#pragma unroll
      for (int gg = 0; gg < MAX_GROUP; gg++)
        if (gg < G) sc[gg * a.chunk_max + pl] = acc[gg] * a.scale;
    }
  }
  __syncthreads();
  // this split's softmax numerators, max and sum per head
  {
    const int warp = tid >> 5, lane = tid & 31;
    for (int gg = warp; gg < G; gg += ATTN_THREADS / 32) {
      float mx = -INFINITY;
      for (int p = lane; p < n; p += 32) mx = fmaxf(mx, sc[gg * a.chunk_max + p]);
#pragma unroll
      for (int o = 16; o > 0; o >>= 1) mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, o));
      float sum = 0.f;
      for (int p = lane; p < n; p += 32) {
        float e = __expf(sc[gg * a.chunk_max + p] - mx);
        sc[gg * a.chunk_max + p] = e;
        sum += e;
      }
      sum = warp_sum(sum);
      if (lane == 0) {
        ml[gg] = mx;
        ml[MAX_GROUP + gg] = sum;
      }
    }
  }
  __syncthreads();
  // values: a thread per element, each value read once for the G heads
  const size_t part = ((static_cast<size_t>(m) * a.hkv + h) * a.splits + s) * G;
  for (int j = tid; j < d; j += ATTN_THREADS) {
    float o[MAX_GROUP];
#pragma unroll
    for (int gg = 0; gg < MAX_GROUP; gg++) o[gg] = 0.f;
    for (int p = 0; p < n; p++) {
      float v = tof<T>(values[(p0 + p) * d + j]);
#pragma unroll
      for (int gg = 0; gg < MAX_GROUP; gg++)
        if (gg < G) o[gg] += sc[gg * a.chunk_max + p] * v;
    }
#pragma unroll
    for (int gg = 0; gg < MAX_GROUP; gg++)
      if (gg < G) a.part_o[(part + gg) * d + j] = o[gg];
  }
  if (tid < G) {
    a.part_ml[(part + tid) * 2] = ml[tid];
    a.part_ml[(part + tid) * 2 + 1] = ml[MAX_GROUP + tid];
  }
  if (!last_block(&a.counters[m * a.hkv + h], a.splits)) return;
  // the last split's block combines all splits of this row and KV head: each split's weight per head first
  const size_t first = (static_cast<size_t>(m) * a.hkv + h) * a.splits * G;
  float* wgt = sc;  // splits × G, where the scores were (configure sizes it for both)
  if (tid < G) {
    float top = -INFINITY;
    for (int q = 0; q < a.splits; q++) {
      size_t at = first + static_cast<size_t>(q) * G + tid;
      if (__ldcg(&a.part_ml[at * 2 + 1]) > 0.f) top = fmaxf(top, __ldcg(&a.part_ml[at * 2]));
    }
    float den = 0.f;
    for (int q = 0; q < a.splits; q++) {
      size_t at = first + static_cast<size_t>(q) * G + tid;
      float l = __ldcg(&a.part_ml[at * 2 + 1]);
      float w = l > 0.f ? __expf(__ldcg(&a.part_ml[at * 2]) - top) : 0.f;
      wgt[q * G + tid] = w;
      den += w * l;
    }
    scratch[tid] = 1.f / den;
  }
  __syncthreads();
  T* ctx = static_cast<T*>(a.ctx) + static_cast<size_t>(m) * a.hq * d + static_cast<size_t>(h) * G * d;
  for (int j = tid; j < d; j += ATTN_THREADS) {
    float o[MAX_GROUP];
#pragma unroll
    for (int gg = 0; gg < MAX_GROUP; gg++) o[gg] = 0.f;
    for (int q = 0; q < a.splits; q++) {
#pragma unroll
      for (int gg = 0; gg < MAX_GROUP; gg++)
        if (gg < G) o[gg] += wgt[q * G + gg] * __ldcg(&a.part_o[(first + static_cast<size_t>(q) * G + gg) * d + j]);
    }
#pragma unroll
    for (int gg = 0; gg < MAX_GROUP; gg++)
      if (gg < G) ctx[gg * d + j] = fromf<T>(o[gg] * scratch[gg]);
  }
}

size_t align256(size_t n) { return (n + 255) & ~static_cast<size_t>(255); }

}  // namespace

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

namespace {

struct Plan {
  SkgPlanDesc desc;
  const void** layer_w;
  void** kc;
  void** vc;
  int splits, chunk_max;
  size_t attn_smem;
  // workspace
  void *x, *qkv, *ctx, *act;
  float *rstd, *partial, *t, *part_o, *part_ml;
  unsigned long long* best;
  long long* col_start;
  unsigned *resid_counter, *head_counter, *attn_counters;
};

template <typename T, int NT, int ROWT, int MODE, bool NORM, bool LORA>
cudaError_t launch_nt(const GemvArgs& a, int blocks, cudaStream_t st) {
  if constexpr (std::is_same<T, float>::value) {
    gemv_kernel<T, NT, ROWT, MODE, NORM, LORA, false><<<blocks, THREADS, 0, st>>>(a);
  } else {
    gemv_kernel<T, NT, ROWT, MODE, NORM, LORA, true><<<blocks, THREADS, 0, st>>>(a);
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
  return lora ? launch_gemv<T, ROWT, MODE, NORM, true>(a, blocks, st)
              : launch_gemv<T, ROWT, MODE, NORM, false>(a, blocks, st);
}

template <typename T>
cudaError_t shrink(const Plan& p, const void* x, int ldx, int k, bool norm, const void* g, int layer, int proj,
                   cudaStream_t st) {
  ShrinkArgs s{x, ldx, k, p.desc.m, p.rstd, g, p.desc.inputs + 2 * p.desc.m, layer, proj, p.desc.max_rank, p.t};
  dim3 grid((p.desc.max_rank + WARPS - 1) / WARPS, p.desc.m);
  if (norm) shrink_kernel<T, true><<<grid, THREADS, 0, st>>>(s);
  else shrink_kernel<T, false><<<grid, THREADS, 0, st>>>(s);
  return cudaGetLastError();
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
    base.partial = p.partial;
    base.counter = p.resid_counter;
    base.rstd_out = p.rstd;
    // q|k|v
    if (lora) SKG_CHECK(shrink<T>(p, p.x, H, H, true, w[0], l, 0, st));
    GemvArgs a = base;
    a.w = w[1]; a.x = p.x; a.ldx = H; a.K = H; a.N = QKV; a.g = w[0]; a.bias = w[2]; a.y = p.qkv; a.ldy = QKV;
    a.proj = 0;
    SKG_CHECK((gemv<T, 1, STORE, true>(a, lora, st)));
    // attention
    AttnArgs at{p.qkv, QKV, M, c.hq, c.hkv, c.d, c.hq / c.hkv, p.splits, p.chunk_max, c.inputs + M, c.cos, c.sin,
                w[3], c.eps, c.scale, p.kc[l], p.vc[l], c.head_stride, p.col_start, p.ctx, p.part_o, p.part_ml,
                p.attn_counters};
    attn_kernel<T><<<dim3(p.splits, c.hkv, M), ATTN_THREADS, p.attn_smem, st>>>(at);
    SKG_CHECK(cudaGetLastError());
    // o + residual
    if (lora) SKG_CHECK(shrink<T>(p, p.ctx, QD, QD, false, nullptr, l, 1, st));
    a = base;
    a.w = w[4]; a.x = p.ctx; a.ldx = QD; a.K = QD; a.N = H; a.y = p.x; a.ldy = H; a.proj = 1;
    SKG_CHECK((gemv<T, 1, RESID, false>(a, lora, st)));
    // gate|up, SiLU(gate)·up
    if (lora) SKG_CHECK(shrink<T>(p, p.x, H, H, true, w[5], l, 2, st));
    a = base;
    a.w = w[6]; a.x = p.x; a.ldx = H; a.K = H; a.N = 2 * I; a.half_rows = I; a.g = w[5]; a.y = p.act; a.ldy = I;
    a.proj = 2;
    SKG_CHECK((gemv<T, 2, SILU, true>(a, lora, st)));
    // down + residual
    if (lora) SKG_CHECK(shrink<T>(p, p.act, I, I, false, nullptr, l, 3, st));
    a = base;
    a.w = w[7]; a.x = p.act; a.ldx = I; a.K = I; a.N = H; a.y = p.x; a.ldy = H; a.proj = 3;
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
  char* counters = take(static_cast<size_t>(2 + M * c.hkv) * 4);
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
  }
  return at;
}

void configure(Plan* p) {
  const SkgPlanDesc& c = p->desc;
  // splits of the sequence: ~96 positions a block at full capacity, at most 64 splits (a block's work is small
  // either way; fewer splits, less to combine)
  int s = (c.max_cols + 95) / 96;
  p->splits = s < 1 ? 1 : (s > 64 ? 64 : s);
  p->chunk_max = (c.max_cols + p->splits - 1) / p->splits;
  const int G = c.hq / c.hkv;
  const size_t scores = static_cast<size_t>(G) * (p->chunk_max > p->splits ? p->chunk_max : p->splits);
  p->attn_smem = (static_cast<size_t>(G) * c.d + scores + c.d + 3 * MAX_GROUP) * sizeof(float);
}

template <typename T>
cudaError_t allow_smem(size_t bytes) {
  if (bytes <= 48 * 1024) return cudaSuccess;
  return cudaFuncSetAttribute(attn_kernel<T>, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(bytes));
}

}  // namespace

extern "C" {

// Why a plan cannot be made for these shapes, or null when it can.
const char* skg_plan_refusal(const SkgPlanDesc* c) {
  if (c->dtype != F32 && c->dtype != F16 && c->dtype != BF16) return "dtype not float32, float16 or bfloat16";
  if (c->m < 1 || c->m > MAX_ROWS) return "rows not in 1..32";
  if (c->hkv < 1 || c->hq % c->hkv != 0 || c->hq / c->hkv > MAX_GROUP) return "more than 16 query heads a KV head";
  if (c->d % 2 != 0) return "odd head size";
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
