// The fused decode step's attention: each row's one query over its cache, split over the sequence.
// Part of strokekg_kernels.cu (one translation unit: nvcc builds that file alone).
#pragma once

#include "kernel_common.cuh"

namespace skg {

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
  float* sc = q_s + G * d;                  // G·max(chunk_max, splits)
  float* kv_s = sc + G * max(a.chunk_max, a.splits);  // d (the scores' room also holds the combine's weights)
  float* ml = kv_s + d;                     // 2·MAX_GROUP
  float* scratch = ml + 2 * MAX_GROUP;      // MAX_GROUP, then the warps' partial values (NW·G·d)
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
  // scores: a warp a position (the warps take every NW-th), the lanes over the head's elements, so each key row is
  // read in coalesced 64-byte pieces and the G query heads reuse each element
  const int warp = tid >> 5, lane = tid & 31;
  constexpr int NW = ATTN_THREADS / 32;
  for (int pl = warp; pl < n; pl += NW) {
    const T* kr = keys + (p0 + pl) * d;
    float acc[MAX_GROUP];
#pragma unroll
    for (int gg = 0; gg < MAX_GROUP; gg++) acc[gg] = 0.f;
    for (int i = lane; i < d; i += 32) {
      float kv = tof<T>(kr[i]);
#pragma unroll
      for (int gg = 0; gg < MAX_GROUP; gg++)
        if (gg < G) acc[gg] += q_s[gg * d + i] * kv;
    }
#pragma unroll
    for (int gg = 0; gg < MAX_GROUP; gg++) {
      if (gg < G) {
        float t = warp_sum(acc[gg]);
        if (lane == 0) sc[gg * a.chunk_max + pl] = t * a.scale;
      }
    }
  }
  __syncthreads();
  // this split's softmax numerators, max and sum per head
  for (int gg = warp; gg < G; gg += NW) {
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
  __syncthreads();
  // values: as the keys, a warp a position and the lanes over the elements (ATTN_VPL each), every value read once for
  // the G heads; then the warps' partial sums meet in shared memory
  const size_t part = ((static_cast<size_t>(m) * a.hkv + h) * a.splits + s) * G;
  {
    float o[MAX_GROUP][ATTN_VPL];
#pragma unroll
    for (int gg = 0; gg < MAX_GROUP; gg++)
#pragma unroll
      for (int e = 0; e < ATTN_VPL; e++) o[gg][e] = 0.f;
    for (int p = warp; p < n; p += NW) {
      const T* vr = values + (p0 + p) * d;
      float v[ATTN_VPL];
#pragma unroll
      for (int e = 0; e < ATTN_VPL; e++) v[e] = lane + 32 * e < d ? tof<T>(vr[lane + 32 * e]) : 0.f;
#pragma unroll
      for (int gg = 0; gg < MAX_GROUP; gg++) {
        if (gg < G) {
          const float w = sc[gg * a.chunk_max + p];
#pragma unroll
          for (int e = 0; e < ATTN_VPL; e++) o[gg][e] += w * v[e];
        }
      }
    }
    float* red = scratch + MAX_GROUP;  // NW · G · d
#pragma unroll
    for (int gg = 0; gg < MAX_GROUP; gg++)
      if (gg < G)
#pragma unroll
        for (int e = 0; e < ATTN_VPL; e++)
          if (lane + 32 * e < d) red[(warp * G + gg) * d + lane + 32 * e] = o[gg][e];
    __syncthreads();
    for (int j = tid; j < G * d; j += ATTN_THREADS) {
      float t = 0.f;
#pragma unroll
      for (int w = 0; w < NW; w++) t += red[w * G * d + j];
      a.part_o[part * d + j] = t;
    }
  }
  if (tid < G) {
    a.part_ml[(part + tid) * 2] = ml[tid];
    a.part_ml[(part + tid) * 2 + 1] = ml[MAX_GROUP + tid];
  }
  if (!last_block(&a.counters[m * a.hkv + h], a.splits)) return;
  // the last split's block combines all splits of this row and KV head. Every load here is an L2 round trip, so
  // they are issued together: first each split's max and sum by all threads at once, then each split's weight per
  // head (from shared memory), then each thread's outputs summed over the splits with four splits' loads for all
  // its outputs in flight
  const size_t first = (static_cast<size_t>(m) * a.hkv + h) * a.splits * G;
  const int S = a.splits;
  float* wgt = sc;                        // S × G, where the scores were (configure sizes it for both)
  float* mls = scratch + MAX_GROUP;       // S·G maxima, then S·G sums, where the partial values were
  for (int i = tid; i < S * G; i += ATTN_THREADS) {
    mls[i] = __ldcg(&a.part_ml[(first + i) * 2]);
    mls[S * G + i] = __ldcg(&a.part_ml[(first + i) * 2 + 1]);
  }
  __syncthreads();
  if (tid < G) {
    float top = -INFINITY;
    for (int q = 0; q < S; q++)
      if (mls[S * G + q * G + tid] > 0.f) top = fmaxf(top, mls[q * G + tid]);
    float den = 0.f;
    for (int q = 0; q < S; q++) {
      const float l = mls[S * G + q * G + tid];
      const float w = l > 0.f ? __expf(mls[q * G + tid] - top) : 0.f;
      wgt[q * G + tid] = w;
      den += w * l;
    }
    scratch[tid] = 1.f / den;
  }
  __syncthreads();
  T* ctx = static_cast<T*>(a.ctx) + static_cast<size_t>(m) * a.hq * d + static_cast<size_t>(h) * G * d;
  const int GD = G * d;
  const float* po = a.part_o + first * d;  // split q, head gg, element j at po[q·GD + gg·d + j]
  float acc[ATTN_MAX_OUT];
#pragma unroll
  for (int k = 0; k < ATTN_MAX_OUT; k++) acc[k] = 0.f;
  int q = 0;
  for (; q + 4 <= S; q += 4) {
#pragma unroll
    for (int k = 0; k < ATTN_MAX_OUT; k++) {
      const int idx = tid + k * ATTN_THREADS;
      if (idx < GD) {
        const int gg = idx / d;
        const float v0 = __ldcg(po + static_cast<size_t>(q) * GD + idx);
        const float v1 = __ldcg(po + static_cast<size_t>(q + 1) * GD + idx);
        const float v2 = __ldcg(po + static_cast<size_t>(q + 2) * GD + idx);
        const float v3 = __ldcg(po + static_cast<size_t>(q + 3) * GD + idx);
        acc[k] += wgt[q * G + gg] * v0 + wgt[(q + 1) * G + gg] * v1 + wgt[(q + 2) * G + gg] * v2
            + wgt[(q + 3) * G + gg] * v3;
      }
    }
  }
  for (; q < S; q++) {
#pragma unroll
    for (int k = 0; k < ATTN_MAX_OUT; k++) {
      const int idx = tid + k * ATTN_THREADS;
      if (idx < GD) acc[k] += wgt[q * G + idx / d] * __ldcg(po + static_cast<size_t>(q) * GD + idx);
    }
  }
#pragma unroll
  for (int k = 0; k < ATTN_MAX_OUT; k++) {
    const int idx = tid + k * ATTN_THREADS;
    if (idx < GD) ctx[idx] = fromf<T>(acc[k] * scratch[idx / d]);
  }
}


}  // namespace skg
