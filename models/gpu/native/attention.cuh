// The fused decode step's attention: each row's one query over its cache, split over the sequence.
// Part of strokekg_kernels.cu (one translation unit: nvcc builds that file alone).
//
// A decode row's attention reads little (the 3B shape at ~1,100 positions: 1.1 MB of keys and values a layer) but
// every dependent trip to memory costs ~1 µs, so the kernel is laid out to make few of them: a block copies a whole
// tile of keys and values (up to ATTN tile positions) into shared memory with asynchronous 16-byte copies issued at
// once, loads its query heads and the row's cos/sin meanwhile, and computes everything else from shared memory. Only
// as many blocks as the row's length needs take part (the grid is sized for the capacity, the rest leave at once), a
// row short enough for one block writes its context directly, and otherwise the last block to finish combines the
// blocks' partial softmaxes with all its loads in flight. (The first version walked the cache a warp a position from
// global memory, ~40 dependent loads a block, and always combined every split of the capacity: 79 µs a layer.)
#pragma once

#include "kernel_common.cuh"

namespace skg {

// Attention of each row's new token over its cache: grid (splits, Hkv, M), block ATTN_THREADS.
struct AttnArgs {
  const void* qkv;
  int ldqkv, M, hq, hkv, d, groups, splits, tile;
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

constexpr int ATTN_NW = ATTN_THREADS / 32;

// Dynamic shared memory of the attention kernel, in bytes: the tile of keys and values (later the warps' partial
// values, later the combine's maxima, sums and weights), the query heads, the new key and value, the tile's scores,
// the running max, sum and rescale per head, and the norms' scratch.
// Keys sit in shared memory with rows 16 bytes longer than d (kstride elements): a thread a position reads its row in
// 16-byte pieces, and 8 threads' pieces (one phase of a 16-byte shared load) then fall in different banks.
__host__ __device__ inline int attn_kstride(int d, int elem) { return d + 16 / elem; }
__host__ __device__ inline size_t attn_region_bytes(int tile, int d, int G, int splits, int elem) {
  size_t kv = static_cast<size_t>(tile) * (attn_kstride(d, elem) + d) * elem;
  size_t red = static_cast<size_t>(ATTN_NW) * G * d * 4;
  size_t comb = 3ull * splits * G * 4;
  size_t r = kv > red ? kv : red;
  r = r > comb ? r : comb;
  return (r + 15) & ~static_cast<size_t>(15);
}
__host__ __device__ inline size_t attn_smem_bytes(int tile, int d, int G, int splits, int elem) {
  return attn_region_bytes(tile, d, G, splits, elem) +
         (static_cast<size_t>(G) * d + 2 * d + static_cast<size_t>(G) * tile + 4 * MAX_GROUP) * 4;
}

__device__ __forceinline__ void cp_async16(void* smem, const void* gmem) {
  const unsigned s = static_cast<unsigned>(__cvta_generic_to_shared(smem));
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16;" ::"r"(s), "l"(gmem));
}
__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;"); }
__device__ __forceinline__ void cp_async_wait_all() { asm volatile("cp.async.wait_all;" ::: "memory"); }

// Starts copying n rows of d elements from src to dst (shared, rows `stride` elements apart): 16-byte asynchronous
// copies when aligned, else plain loads (small fixture shapes).
template <typename T>
__device__ __forceinline__ void tile_load(T* dst, const T* src, int n, int d, int stride, bool vec) {
  if (vec) {
    const int per_row = d * static_cast<int>(sizeof(T)) / 16;
    const char* s = reinterpret_cast<const char*>(src);
    char* t = reinterpret_cast<char*>(dst);
    for (int i = threadIdx.x; i < n * per_row; i += ATTN_THREADS) {
      const int r = i / per_row, c = i - r * per_row;
      cp_async16(t + (static_cast<size_t>(r) * stride * sizeof(T)) + 16 * c, s + 16 * static_cast<size_t>(i));
    }
  } else {
    for (int i = threadIdx.x; i < n * d; i += ATTN_THREADS) {
      const int r = i / d, c = i - r * d;
      dst[r * stride + c] = src[i];
    }
  }
}

// Σ over 16 bytes of keys (8 halves or 4 floats) times the matching query values (float, 16-byte aligned).
template <typename T> __device__ __forceinline__ float dot16(const uint4& k, const float* q);
template <> __device__ __forceinline__ float dot16<float>(const uint4& k, const float* q) {
  const float4 a = *reinterpret_cast<const float4*>(q);
  return __uint_as_float(k.x) * a.x + __uint_as_float(k.y) * a.y + __uint_as_float(k.z) * a.z + __uint_as_float(k.w) * a.w;
}
template <typename T> __device__ __forceinline__ float dot16_half(const uint4& k, const float* q) {
  const float4 a = *reinterpret_cast<const float4*>(q);
  const float4 b = *reinterpret_cast<const float4*>(q + 4);
  const float2 k0 = unpack2<T>(k.x), k1 = unpack2<T>(k.y), k2 = unpack2<T>(k.z), k3 = unpack2<T>(k.w);
  return (k0.x * a.x + k0.y * a.y + k1.x * a.z + k1.y * a.w) + (k2.x * b.x + k2.y * b.y + k3.x * b.z + k3.y * b.w);
}
template <> __device__ __forceinline__ float dot16<__half>(const uint4& k, const float* q) {
  return dot16_half<__half>(k, q);
}
template <> __device__ __forceinline__ float dot16<__nv_bfloat16>(const uint4& k, const float* q) {
  return dot16_half<__nv_bfloat16>(k, q);
}

// heads × d values in smem, each head normed by its rms times its weight row (Qwen3's q/k norms; weight null: none),
// with the op-by-op path's roundings; then RoPE with the row's cos/sin (float, in smem).
template <typename T>
__device__ void norm_rope(float* x, int heads, int d, const T* weight, float eps, const float* cs, const float* sn,
                          float* scratch) {
  const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
  if (weight != nullptr) {
    for (int h = warp; h < heads; h += ATTN_NW) {
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
    xh[i] = rnd<T>(x1 * cs[i] - x2 * sn[i]);
    xh[i + half] = rnd<T>(x2 * cs[i + half] + x1 * sn[i + half]);
  }
  __syncthreads();
}

// GM: a bound on the query heads a KV head (8 or MAX_GROUP): the per-head loops unroll to GM, and iterations past G
// are predicated off but still issue, so the 3B shape's G = 8 runs the 8-bound build.
template <typename T, int GM>
__global__ void __launch_bounds__(ATTN_THREADS, 2) attn_kernel(AttnArgs a) {
  extern __shared__ __align__(16) unsigned char smem_raw[];
  const int s = blockIdx.x, h = blockIdx.y, m = blockIdx.z, tid = threadIdx.x;
  const int d = a.d, G = a.groups, tile = a.tile;
  const int warp = tid >> 5, lane = tid & 31;
  // which positions this block takes: whole tiles, as few blocks as the row's length needs
  const long long len = a.pos[m] + 1;
  const long long tiles = (len + tile - 1) / tile;
  const long long chunk = ((tiles + a.splits - 1) / a.splits) * tile;
  const int S = static_cast<int>((len + chunk - 1) / chunk);  // the blocks that take part
  if (s >= S) return;
  const long long p0 = static_cast<long long>(s) * chunk;
  const long long p1 = min(len, p0 + chunk);
  const long long last = len - 1;
  const bool holds_new = p0 <= last && last < p1;

  unsigned char* region = smem_raw;  // keys and values of a tile / the warps' partial values / the combine's
  const int kstride = attn_kstride(d, sizeof(T));
  T* kt = reinterpret_cast<T*>(region);  // tile × kstride
  T* vt = kt + static_cast<size_t>(tile) * kstride;
  float* q_s = reinterpret_cast<float*>(region + attn_region_bytes(tile, d, G, a.splits, sizeof(T)));  // G·d
  float* cs_s = q_s + G * d;           // d
  float* sn_s = cs_s + d;              // d (then the new key's d values reuse kn_s below)
  float* sc = sn_s + d;                // G·tile
  float* run = sc + G * tile;          // running max (MAX_GROUP), sum (MAX_GROUP), rescale (MAX_GROUP)
  float* scratch = run + 3 * MAX_GROUP;  // MAX_GROUP
  __shared__ float kn_s[32 * ATTN_VPL];  // the new key, normed and rotated

  const T* qkv = static_cast<const T*>(a.qkv) + static_cast<size_t>(m) * a.ldqkv;
  const T* qkn = static_cast<const T*>(a.qk_norm);
  T* keys = static_cast<T*>(a.kc) + h * a.head_stride + a.col_start[m] * d;
  T* values = static_cast<T*>(a.vc) + h * a.head_stride + a.col_start[m] * d;
  const bool vec = ((reinterpret_cast<uintptr_t>(keys) | reinterpret_cast<uintptr_t>(values)) & 15) == 0 &&
                   (d * sizeof(T)) % 16 == 0;

  // the first tile's copies go out before anything else, then the query heads and cos/sin load meanwhile
  int n = static_cast<int>(min(static_cast<long long>(tile), p1 - p0));
  tile_load<T>(kt, keys + p0 * d, n, d, kstride, vec);
  tile_load<T>(vt, values + p0 * d, n, d, d, vec);
  cp_async_commit();
  const T* cs = static_cast<const T*>(a.cos) + static_cast<size_t>(last) * d;
  const T* sn = static_cast<const T*>(a.sin) + static_cast<size_t>(last) * d;
  {
    // every thread's query loads issued together (one trip to L2, not one a loop turn)
    constexpr int QL = (GM * 32 * ATTN_VPL + ATTN_THREADS - 1) / ATTN_THREADS;
    T qv[QL];
#pragma unroll
    for (int k = 0; k < QL; k++) {
      const int i = tid + k * ATTN_THREADS;
      qv[k] = i < G * d ? qkv[h * G * d + i] : fromf<T>(0.f);
    }
#pragma unroll
    for (int k = 0; k < QL; k++) {
      const int i = tid + k * ATTN_THREADS;
      if (i < G * d) q_s[i] = tof<T>(qv[k]);
    }
  }
  for (int i = tid; i < d; i += ATTN_THREADS) {
    cs_s[i] = tof<T>(cs[i]);
    sn_s[i] = tof<T>(sn[i]);
    if (holds_new) kn_s[i] = tof<T>(qkv[(a.hq + h) * d + i]);
  }
  if (tid < MAX_GROUP) {
    run[tid] = -INFINITY;
    run[MAX_GROUP + tid] = 0.f;
  }
  __syncthreads();
  norm_rope<T>(q_s, G, d, qkn == nullptr ? nullptr : qkn + static_cast<size_t>(h) * G * d, a.eps, cs_s, sn_s, scratch);
  if (holds_new)
    norm_rope<T>(kn_s, 1, d, qkn == nullptr ? nullptr : qkn + static_cast<size_t>(a.hq + h) * d, a.eps, cs_s, sn_s,
                 scratch);

  float o[GM][ATTN_VPL];
#pragma unroll
  for (int gg = 0; gg < GM; gg++)
#pragma unroll
    for (int e = 0; e < ATTN_VPL; e++) o[gg][e] = 0.f;

  for (long long t0 = p0; t0 < p1; t0 += tile) {
    n = static_cast<int>(min(static_cast<long long>(tile), p1 - t0));
    if (vec) cp_async_wait_all();
    __syncthreads();
    // the new position's key and value: into the cache for the next steps, and into the tile (its copy read the old)
    if (t0 <= last && last < t0 + n) {
      const int r = static_cast<int>(last - t0);
      for (int i = tid; i < d; i += ATTN_THREADS) {
        const T kv = fromf<T>(kn_s[i]);
        const T vv = qkv[(a.hq + a.hkv + h) * d + i];
        kt[r * kstride + i] = kv;
        vt[r * d + i] = vv;
        keys[last * d + i] = kv;
        values[last * d + i] = vv;
      }
      __syncthreads();
    }
    // scores: a thread a position and query head, the whole dot product from shared memory with no shuffles (a warp
    // takes 32 positions of one head: its query reads are broadcasts, its key rows 16-byte pieces in distinct banks)
    {
      const int runs = (n + 31) / 32;
      for (int task = warp; task < G * runs; task += ATTN_NW) {
        const int gg = task / runs, pl = (task - gg * runs) * 32 + lane;
        if (pl < n) {
          const T* kr = kt + pl * kstride;
          const float* qh = q_s + gg * d;
          float s0 = 0.f, s1 = 0.f;
          if (vec) {
            constexpr int VW = 16 / sizeof(T);
            int i = 0;
            for (; i + 2 * VW <= d; i += 2 * VW) {
              const uint4 k0 = *reinterpret_cast<const uint4*>(kr + i);
              const uint4 k1 = *reinterpret_cast<const uint4*>(kr + i + VW);
              s0 += dot16<T>(k0, qh + i);
              s1 += dot16<T>(k1, qh + i + VW);
            }
            if (i < d) s0 += dot16<T>(*reinterpret_cast<const uint4*>(kr + i), qh + i);
          } else {
            for (int i = 0; i < d; i++) s0 += qh[i] * tof<T>(kr[i]);
          }
          sc[gg * tile + pl] = (s0 + s1) * a.scale;
        }
      }
    }
    __syncthreads();
    // online softmax per head: the tile's max against the running one, the numerators, the running sum
    for (int gg = warp; gg < G; gg += ATTN_NW) {
      float mx = -INFINITY;
      for (int p = lane; p < n; p += 32) mx = fmaxf(mx, sc[gg * tile + p]);
#pragma unroll
      for (int off = 16; off > 0; off >>= 1) mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, off));
      const float old = run[gg];
      const float top = fmaxf(old, mx);
      float sum = 0.f;
      for (int p = lane; p < n; p += 32) {
        const float e = __expf(sc[gg * tile + p] - top);
        sc[gg * tile + p] = e;
        sum += e;
      }
      sum = warp_sum(sum);
      if (lane == 0) {
        const float alpha = old == -INFINITY ? 0.f : __expf(old - top);
        run[gg] = top;
        run[MAX_GROUP + gg] = run[MAX_GROUP + gg] * alpha + sum;
        run[2 * MAX_GROUP + gg] = alpha;
      }
    }
    __syncthreads();
    // values: a warp a position, the lanes over the elements; every value read once for the G heads
#pragma unroll
    for (int gg = 0; gg < GM; gg++) {
      if (gg < G) {
        const float alpha = run[2 * MAX_GROUP + gg];
#pragma unroll
        for (int e = 0; e < ATTN_VPL; e++) o[gg][e] *= alpha;
      }
    }
    for (int p = warp; p < n; p += ATTN_NW) {
      const T* vr = vt + p * d;
      float v[ATTN_VPL];
#pragma unroll
      for (int e = 0; e < ATTN_VPL; e++) v[e] = lane + 32 * e < d ? tof<T>(vr[lane + 32 * e]) : 0.f;
#pragma unroll
      for (int gg = 0; gg < GM; gg++) {
        if (gg < G) {
          const float w = sc[gg * tile + p];
#pragma unroll
          for (int e = 0; e < ATTN_VPL; e++) o[gg][e] += w * v[e];
        }
      }
    }
    if (t0 + tile < p1) {  // the next tile of this block (long rows only)
      __syncthreads();
      const int nn = static_cast<int>(min(static_cast<long long>(tile), p1 - t0 - tile));
      tile_load<T>(kt, keys + (t0 + tile) * d, nn, d, kstride, vec);
      tile_load<T>(vt, values + (t0 + tile) * d, nn, d, d, vec);
      cp_async_commit();
    }
  }
  // the warps' partial values meet in shared memory (where the tile was)
  __syncthreads();
  float* red = reinterpret_cast<float*>(region);  // NW · G · d
#pragma unroll
  for (int gg = 0; gg < GM; gg++)
    if (gg < G)
#pragma unroll
      for (int e = 0; e < ATTN_VPL; e++)
        if (lane + 32 * e < d) red[(warp * G + gg) * d + lane + 32 * e] = o[gg][e];
  __syncthreads();
  const int GD = G * d;
  T* ctx = static_cast<T*>(a.ctx) + static_cast<size_t>(m) * a.hq * d + static_cast<size_t>(h) * G * d;
  if (S == 1) {  // the whole row in this block: its context directly
    for (int j = tid; j < GD; j += ATTN_THREADS) {
      float t = 0.f;
#pragma unroll
      for (int w = 0; w < ATTN_NW; w++) t += red[w * GD + j];
      ctx[j] = fromf<T>(t / run[MAX_GROUP + j / d]);
    }
    return;
  }
  const size_t first = (static_cast<size_t>(m) * a.hkv + h) * a.splits * G;
  const size_t part = first + static_cast<size_t>(s) * G;
  for (int j = tid; j < GD; j += ATTN_THREADS) {
    float t = 0.f;
#pragma unroll
    for (int w = 0; w < ATTN_NW; w++) t += red[w * GD + j];
    a.part_o[part * d + j] = t;
  }
  if (tid < G) {
    a.part_ml[(part + tid) * 2] = run[tid];
    a.part_ml[(part + tid) * 2 + 1] = run[MAX_GROUP + tid];
  }
  if (!last_block(&a.counters[m * a.hkv + h], S)) return;
  // the last block to finish combines the S blocks' partials: the maxima and sums by all threads at once, each head's
  // weights by a warp, then each thread's outputs summed over the splits with four splits' loads in flight
  float* mls = reinterpret_cast<float*>(region);  // S·G maxima, S·G sums, S·G weights
  float* wgt = mls + 2 * S * G;
  for (int i = tid; i < S * G; i += ATTN_THREADS) {
    mls[i] = __ldcg(&a.part_ml[(first + i) * 2]);
    mls[S * G + i] = __ldcg(&a.part_ml[(first + i) * 2 + 1]);
  }
  __syncthreads();
  for (int gg = warp; gg < G; gg += ATTN_NW) {
    float top = -INFINITY;
    for (int q = lane; q < S; q += 32)
      if (mls[S * G + q * G + gg] > 0.f) top = fmaxf(top, mls[q * G + gg]);
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) top = fmaxf(top, __shfl_xor_sync(0xffffffffu, top, off));
    float den = 0.f;
    for (int q = lane; q < S; q += 32) {
      const float l = mls[S * G + q * G + gg];
      const float w = l > 0.f ? __expf(mls[q * G + gg] - top) : 0.f;
      wgt[q * G + gg] = w;
      den += w * l;
    }
    den = warp_sum(den);
    if (lane == 0) scratch[gg] = 1.f / den;
  }
  __syncthreads();
  const float* po = a.part_o + first * d;  // split q, head gg, element j at po[q·GD + gg·d + j]
  if (d % 4 == 0) {
    // four consecutive outputs a thread (16-byte loads), eight splits' loads in flight
    constexpr int OUT4 = (GM * 32 * ATTN_VPL / 4 + ATTN_THREADS - 1) / ATTN_THREADS;
    constexpr int QU = 8;
    const int GD4 = GD / 4;
    const float4* po4 = reinterpret_cast<const float4*>(po);
    float4 acc[OUT4];
#pragma unroll
    for (int k = 0; k < OUT4; k++) acc[k] = make_float4(0.f, 0.f, 0.f, 0.f);
    for (int q0 = 0; q0 < S; q0 += QU) {
      float4 v[QU][OUT4];
#pragma unroll
      for (int u = 0; u < QU; u++)
#pragma unroll
        for (int k = 0; k < OUT4; k++) {
          const int idx = tid + k * ATTN_THREADS;
          v[u][k] = (q0 + u < S && idx < GD4) ? __ldcg(po4 + static_cast<size_t>(q0 + u) * GD4 + idx)
                                              : make_float4(0.f, 0.f, 0.f, 0.f);
        }
#pragma unroll
      for (int u = 0; u < QU; u++)
#pragma unroll
        for (int k = 0; k < OUT4; k++) {
          const int idx = tid + k * ATTN_THREADS;
          if (q0 + u < S && idx < GD4) {
            const float w = wgt[(q0 + u) * G + (4 * idx) / d];  // the four share a head: d % 4 == 0
            acc[k].x += w * v[u][k].x;
            acc[k].y += w * v[u][k].y;
            acc[k].z += w * v[u][k].z;
            acc[k].w += w * v[u][k].w;
          }
        }
    }
#pragma unroll
    for (int k = 0; k < OUT4; k++) {
      const int idx = tid + k * ATTN_THREADS;
      if (idx < GD4) {
        const float inv = scratch[(4 * idx) / d];
        ctx[4 * idx] = fromf<T>(acc[k].x * inv);
        ctx[4 * idx + 1] = fromf<T>(acc[k].y * inv);
        ctx[4 * idx + 2] = fromf<T>(acc[k].z * inv);
        ctx[4 * idx + 3] = fromf<T>(acc[k].w * inv);
      }
    }
    return;
  }
  constexpr int OUT = (GM * 32 * ATTN_VPL + ATTN_THREADS - 1) / ATTN_THREADS;
  constexpr int QU = 4;
  float acc[OUT];
#pragma unroll
  for (int k = 0; k < OUT; k++) acc[k] = 0.f;
  for (int q0 = 0; q0 < S; q0 += QU) {
    float v[QU][OUT];
#pragma unroll
    for (int u = 0; u < QU; u++)
#pragma unroll
      for (int k = 0; k < OUT; k++) {
        const int idx = tid + k * ATTN_THREADS;
        v[u][k] = (q0 + u < S && idx < GD) ? __ldcg(po + static_cast<size_t>(q0 + u) * GD + idx) : 0.f;
      }
#pragma unroll
    for (int u = 0; u < QU; u++)
#pragma unroll
      for (int k = 0; k < OUT; k++) {
        const int idx = tid + k * ATTN_THREADS;
        if (q0 + u < S && idx < GD) acc[k] += wgt[(q0 + u) * G + idx / d] * v[u][k];
      }
  }
#pragma unroll
  for (int k = 0; k < OUT; k++) {
    const int idx = tid + k * ATTN_THREADS;
    if (idx < GD) ctx[idx] = fromf<T>(acc[k] * scratch[idx / d]);
  }
}


// Launches the attention with the smallest head bound that holds G.
template <typename T>
cudaError_t launch_attention(const AttnArgs& a, dim3 grid, size_t smem, cudaStream_t st) {
  if (a.groups <= 8) attn_kernel<T, 8><<<grid, ATTN_THREADS, smem, st>>>(a);
  else attn_kernel<T, MAX_GROUP><<<grid, ATTN_THREADS, smem, st>>>(a);
  return cudaGetLastError();
}

}  // namespace skg
