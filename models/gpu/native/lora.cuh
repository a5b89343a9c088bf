// The fused decode step's unmerged adapters: the "shrink" kernels t = A·x, per row with its own adapter's A (the
// projection's epilogue then adds B·t for that row, gemv.cuh's lora_dot), gathered per row as Punica's SGMV does.
// Part of strokekg_kernels.cu (one translation unit: nvcc builds that file alone).
#pragma once

#include "kernel_common.cuh"

namespace skg {

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

// The first version (FP32 models, inputs not a multiple of 8): a warp a rank, 2-byte loads strided by the lane. At
// the 3B shape's down projection (K = 11,008) a lane walked 344 dependent loads: most of the adapters' cost.
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

constexpr int SHRINK_RANKS = 8;  // ranks a block of shrink_vec_kernel computes

// FP16/BF16 with K a multiple of 8 (the host checks x, ldx and the norm's weight; A's alignment is checked here):
// grid (ranks / SHRINK_RANKS, M). The block's threads split k in chunks of 8 inputs: each thread loads its chunk of
// x (normed) once and the matching 16 bytes of all the block's ranks of A together, so a K of 2,048 is one round
// trip to memory and 11,008 about six; the warps' sums meet in shared memory in a fixed order (deterministic).
// One block's share of the shrink: 8 ranks from k0 of row m (grid-independent, so that the projection kernel can run
// it in leading blocks of its own grid: gemv.cuh's fused shrink). Returns uniformly for the whole block.
template <typename T, bool NORM>
__device__ __forceinline__ void shrink_vec_block(const ShrinkArgs& a, int m, int k0) {
  __shared__ float part[WARPS][SHRINK_RANKS];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const long long tab = a.adapters[m];
  if (tab == 0) return;
  const long long* e = reinterpret_cast<const long long*>(tab) + (a.layer * 4 + a.proj) * 3;
  const T* A = reinterpret_cast<const T*>(e[0]);
  const int r = static_cast<int>(e[2]);
  if (A == nullptr || k0 >= r) return;
  const int nr = r - k0 < SHRINK_RANKS ? r - k0 : SHRINK_RANKS;
  const T* xr = static_cast<const T*>(a.x) + static_cast<size_t>(m) * a.ldx;
  const T* G = static_cast<const T*>(a.g);
  const T* ak = A + static_cast<size_t>(k0) * a.K;
  const float rs = NORM ? a.rstd[m] : 1.f;
  float s[SHRINK_RANKS];
#pragma unroll
  for (int q = 0; q < SHRINK_RANKS; q++) s[q] = 0.f;
  if ((reinterpret_cast<uintptr_t>(A) & 15) == 0) {
    const int chunks = a.K >> 3;
#pragma unroll 2
    for (int c = threadIdx.x; c < chunks; c += THREADS) {
      uint4 av[SHRINK_RANKS];
#pragma unroll
      for (int q = 0; q < SHRINK_RANKS; q++) av[q] = load_stream(ak + static_cast<size_t>(q) * a.K + 8 * c, q < nr);
      const uint4 xv = *reinterpret_cast<const uint4*>(xr + 8 * c);
      const uint32_t xw[4] = {xv.x, xv.y, xv.z, xv.w};
      float xf[8];
#pragma unroll
      for (int w = 0; w < 4; w++) {
        float2 f = unpack2<T>(xw[w]);
        xf[2 * w] = f.x;
        xf[2 * w + 1] = f.y;
      }
      if (NORM) {
        const uint4 gv = *reinterpret_cast<const uint4*>(G + 8 * c);
        const uint32_t gw[4] = {gv.x, gv.y, gv.z, gv.w};
#pragma unroll
        for (int w = 0; w < 4; w++) {
          float2 f = unpack2<T>(gw[w]);
          xf[2 * w] = rnd<T>(rnd<T>(xf[2 * w] * rs) * f.x);
          xf[2 * w + 1] = rnd<T>(rnd<T>(xf[2 * w + 1] * rs) * f.y);
        }
      }
#pragma unroll
      for (int q = 0; q < SHRINK_RANKS; q++) {
        const uint32_t aw[4] = {av[q].x, av[q].y, av[q].z, av[q].w};
#pragma unroll
        for (int w = 0; w < 4; w++) {
          float2 f = unpack2<T>(aw[w]);
          s[q] += f.x * xf[2 * w] + f.y * xf[2 * w + 1];
        }
      }
    }
  } else {  // an adapter's A not 16-byte aligned (a view at an odd offset): element by element
    for (int d = threadIdx.x; d < a.K; d += THREADS) {
      float xv = tof<T>(xr[d]);
      if (NORM) xv = rnd<T>(rnd<T>(xv * rs) * tof<T>(G[d]));
#pragma unroll
      for (int q = 0; q < SHRINK_RANKS; q++)
        if (q < nr) s[q] += tof<T>(ak[static_cast<size_t>(q) * a.K + d]) * xv;
    }
  }
#pragma unroll
  for (int q = 0; q < SHRINK_RANKS; q++) s[q] = warp_sum(s[q]);
  if (lane == 0) {
#pragma unroll
    for (int q = 0; q < SHRINK_RANKS; q++) part[warp][q] = s[q];
  }
  __syncthreads();
  if (threadIdx.x < nr) {
    float v = 0.f;
#pragma unroll
    for (int w = 0; w < WARPS; w++) v += part[w][threadIdx.x];
    a.t[m * a.max_rank + k0 + threadIdx.x] = rnd<T>(v);
  }
}

template <typename T, bool NORM>
__global__ void __launch_bounds__(THREADS) shrink_vec_kernel(ShrinkArgs a) {
  shrink_vec_block<T, NORM>(a, blockIdx.y, blockIdx.x * SHRINK_RANKS);
}

// Whether shrink_vec_kernel (FP16, BF16) serves these inputs (16-byte loads of x and the norm's weight).
inline bool shrink_vec_ok(const void* x, int ldx, int k, const void* g) {
  const uintptr_t bits = reinterpret_cast<uintptr_t>(x) | reinterpret_cast<uintptr_t>(g);
  return k % 8 == 0 && ldx % 8 == 0 && (bits & 15) == 0;
}

}  // namespace skg
