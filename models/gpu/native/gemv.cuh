// The fused decode step's projections (tensor-core GEMV for 1-32 rows with its epilogues), the embedding
// gather (the adapters' shrink kernels are in lora.cuh; the fused shrink runs their block function here).
// Part of strokekg_kernels.cu (one translation unit: nvcc builds that file alone).
#pragma once

#include <type_traits>

#include "kernel_common.cuh"
#include "lora.cuh"

namespace skg {

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
  int lora_vec;             // LORA: B·t with 16-byte loads where the rank is a multiple of 8 (else scalar)
  int ksplit;               // blocks a row tile is split over along k (0 or 1: none; FP32: none)
  float* kpart;             // split-k (gridDim.y > 1): each block's partial sums (tiles × splits × slab)
  unsigned* tile_counters;  // split-k: blocks of a row tile done (reset by the last)
  int shrink_blocks;        // LORA, fused shrink (FP16/BF16, unsplit): leading blocks that compute t (0: t is given)
  unsigned* lora_sync;      // fused shrink: 3 counters (tickets, shrinks done, tiles past the wait), reset in-kernel
};

// Blocks of the fused shrink for M rows of ranks up to max_rank: SHRINK_RANKS ranks of one row each.
__host__ __device__ inline int fused_shrink_blocks(int M, int max_rank) {
  return (max_rank + SHRINK_RANKS - 1) / SHRINK_RANKS * M;
}

// The row's adapter's B for this projection and its rank, or null.
template <typename T>
__device__ __forceinline__ const T* lora_b(const GemvArgs& a, int m, int* rank) {
  long long tab = a.adapters[m];
  if (tab == 0) return nullptr;
  const long long* e = reinterpret_cast<const long long*>(tab) + (a.layer * 4 + a.proj) * 3;
  *rank = static_cast<int>(e[2]);
  return *rank > 0 ? reinterpret_cast<const T*>(e[1]) : nullptr;
}

// Floats of t (rows × max_rank) a LORA block stages in shared memory for its epilogue (8 rows of rank 128): every
// output of the block reads all of its row's t, so from global memory the blocks of a grid hammered the same few L2
// lines (t of 8 rows of rank 32 is 8 lines) with rows × outputs × rank loads a block; s6's 8-row adapter step was
// 2.6 × slower for it (14.2 against 5.4 ms on one H100, every shrink path). Larger t is read from L2 as before.
constexpr int T_STAGE = 1024;
// On by default from session s8 (the device run that checks it is in docs/gpu.md); -DSKG_T_STAGE=0 builds s6's reads
// through L2 bit for bit, to compare.
#ifndef SKG_T_STAGE
#define SKG_T_STAGE 1
#endif

// One float of the row's t: from the block's shared copy when staged, else through L2 (ld.cg: under the fused
// shrink another block of this grid wrote it, and this SM's L1 may hold an earlier projection's t)
__device__ __forceinline__ float t_at(const float* tm, int k, bool staged) { return staged ? tm[k] : __ldcg(tm + k); }

// The row's B·t for output j; ts: t staged in shared memory (T_STAGE), or null to read a.t from global memory.
template <typename T>
__device__ __forceinline__ float lora_dot(const GemvArgs& a, int m, int j, const float* ts) {
  int r = 0;
  const T* b = lora_b<T>(a, m, &r);
  if (b == nullptr) return 0.f;
  const T* row = b + static_cast<size_t>(j) * r;
  const bool staged = ts != nullptr;
  const float* tm = (staged ? ts : a.t) + m * a.max_rank;
  float s = 0.f;
  if constexpr (!std::is_same<T, float>::value) {
    // 16-byte loads of B's row, all issued before the sums (a rank of 32 is 4 loads; the scalar loop's 32 dependent
    // 2-byte loads a row and output were most of the epilogue's time with adapters)
    if (a.lora_vec && (r & 7) == 0 && (reinterpret_cast<uintptr_t>(row) & 15) == 0) {
      for (int k0 = 0; k0 < r; k0 += 64) {
        uint4 v[8];
#pragma unroll
        for (int q = 0; q < 8; q++) v[q] = load_stream(row + k0 + 8 * q, k0 + 8 * q < r);
#pragma unroll
        for (int q = 0; q < 8; q++) {
          if (k0 + 8 * q >= r) break;
          const float* tk = tm + k0 + 8 * q;
          const uint32_t w4[4] = {v[q].x, v[q].y, v[q].z, v[q].w};
#pragma unroll
          for (int w = 0; w < 4; w++) {
            float2 f = unpack2<T>(w4[w]);
            s += f.x * t_at(tk, 2 * w, staged) + f.y * t_at(tk, 2 * w + 1, staged);
          }
        }
      }
      return s;
    }
  }
  for (int k = 0; k < r; k++) s += tof<T>(row[k]) * t_at(tm, k, staged);
  return s;
}

// The epilogue's B·t split over lanes (session s9). With SKG_BT_SPLIT 0 each thread of the epilogue computes a whole
// B·t for its output and row (lora_dot) after the wait and t's staging: three more dependent round trips to memory
// (the row's adapter table, its entry, then B's row) after the weights, and rows × outputs × rank multiply-adds, the
// rank serially per lane with the rows' t read at 8 rows as an 8-way bank conflict. With 1 (MMA projections,
// lora_vec) four lanes share one output and row, each a slice of 8 ranks (one 16-byte load of B for rank 32) of every
// 32; the row's table is read when the block starts, its entry while thread 0 waits for the shrink, B's slices while
// t is staged, and the four partial sums meet by two shuffles (fixed order: deterministic) before they are added to
// the tile's sums in shared memory. Sums are in another order than lora_dot's: not the same bits as SKG_BT_SPLIT 0.
#ifndef SKG_BT_SPLIT
#define SKG_BT_SPLIT 1
#endif
constexpr int BT_LANES = 4;    // lanes an output and row (a slice of 8 ranks of every 32 each)
constexpr int BT_PASSES = 4;   // outputs × rows a thread holds B slices for at once (16 registers)
constexpr int BT_GROUP = BT_PASSES * THREADS / BT_LANES;  // outputs × rows of one group: 256

// A row's B for this projection as the split epilogue uses it (shared memory, one entry a row).
struct BtRow {
  const void* b;  // B (N, r) row-major, or null: no adapter on this projection
  int r;          // its rank
  int vec;        // r a multiple of 8 and B 16-byte aligned: 16-byte slices, else element by element
};

// 8 ranks of B's row from k (zeros past r): 16 bytes at once where the row allows, else element by element.
template <typename T>
__device__ __forceinline__ uint4 bt_slice(const BtRow& br, int j, int k) {
  if (br.b == nullptr || k >= br.r) return make_uint4(0, 0, 0, 0);
  const T* row = static_cast<const T*>(br.b) + static_cast<size_t>(j) * br.r;
  if (br.vec) return load_stream(row + k, true);
  const unsigned short* e = reinterpret_cast<const unsigned short*>(row);
  uint32_t w[4];
#pragma unroll
  for (int q = 0; q < 4; q++) {
    const uint32_t lo = k + 2 * q < br.r ? e[k + 2 * q] : 0u, hi = k + 2 * q + 1 < br.r ? e[k + 2 * q + 1] : 0u;
    w[q] = lo | (hi << 16);
  }
  return make_uint4(w[0], w[1], w[2], w[3]);
}

// Fused shrink: the rb shrink blocks of row m also bring this projection's B of the row's adapter into L2 (each a
// share of its 128-byte lines; only the first row of each adapter), so that the tiles' epilogue reads B from L2 while
// the weights stream, not from memory after them. A prefetch changes no value.
template <typename T>
__device__ __forceinline__ void lora_prefetch_b(const GemvArgs& a, int m, int part, int rb) {
  const long long tab = a.adapters[m];
  if (tab == 0) return;
  for (int q = 0; q < m; q++)
    if (a.adapters[q] == tab) return;  // an earlier row of the same adapter prefetches it
  const long long* e = reinterpret_cast<const long long*>(tab) + (a.layer * 4 + a.proj) * 3;
  const char* b = reinterpret_cast<const char*>(e[1]);
  const long long r = e[2];
  if (b == nullptr || r <= 0) return;
  const long long lines = (static_cast<long long>(a.N) * r * static_cast<long long>(sizeof(T)) + 127) >> 7;
  const long long from = lines * part / rb, to = lines * (part + 1) / rb;
  for (long long l = from + threadIdx.x; l < to; l += THREADS)
    asm volatile("prefetch.global.L2 [%0];" ::"l"(b + (l << 7)));
}

// The weight row of output (tile tt, row i) of the block starting at r0, or -1 past the end.
template <int MODE>
__device__ __forceinline__ int weight_row(const GemvArgs& a, int r0, int tt, int i) {
  if (MODE == SILU) return r0 + i < a.half_rows ? tt * a.half_rows + r0 + i : -1;
  int row = r0 + tt * 16 + i;
  return row < a.N ? row : -1;
}

// Output and row of lane slot (group g, pass p) of this thread: the tile's outputs run fastest, so the 8 outputs
// of a warp's pass share one row (its t read as a broadcast) and read 512 consecutive bytes of its B.
template <int ROWT, int MODE>
__device__ __forceinline__ bool bt_pair(const GemvArgs& a, int r0, int g, int p, int* m, int* tt, int* i, int* j) {
  const int pair = g * BT_GROUP + p * (THREADS / BT_LANES) + static_cast<int>(threadIdx.x) / BT_LANES;
  const int o = pair % (ROWT * 16);
  *m = pair / (ROWT * 16);
  *tt = o / 16;
  *i = o % 16;
  *j = *m < a.M ? weight_row<MODE>(a, r0, *tt, *i) : -1;
  return *j >= 0;
}

// This thread's B slices of group g, rank chunk c (ranks 32c + 8·lane + 0..7).
template <typename T, int ROWT, int MODE>
__device__ __forceinline__ void bt_load(const GemvArgs& a, int r0, const BtRow* rows, int g, int c,
                                        uint4 (&v)[BT_PASSES]) {
  const int k = 32 * c + 8 * (static_cast<int>(threadIdx.x) % BT_LANES);
#pragma unroll
  for (int p = 0; p < BT_PASSES; p++) {
    int m, tt, i, j;
    v[p] = bt_pair<ROWT, MODE>(a, r0, g, p, &m, &tt, &i, &j) ? bt_slice<T>(rows[m], j, k) : make_uint4(0, 0, 0, 0);
  }
}

// s[p] += this thread's slice of B·t (ranks past the row's own are not read: t holds nothing there).
template <typename T, int ROWT, int MODE>
__device__ __forceinline__ void bt_acc(const GemvArgs& a, int r0, const BtRow* rows, const float* ts, int g, int c,
                                       const uint4 (&v)[BT_PASSES], float (&s)[BT_PASSES]) {
  const int k = 32 * c + 8 * (static_cast<int>(threadIdx.x) % BT_LANES);
  const bool staged = ts != nullptr;
#pragma unroll
  for (int p = 0; p < BT_PASSES; p++) {
    int m, tt, i, j;
    if (!bt_pair<ROWT, MODE>(a, r0, g, p, &m, &tt, &i, &j)) continue;
    const int r = rows[m].r;
    if (rows[m].b == nullptr || k >= r) continue;
    const float* tk = (staged ? ts : a.t) + m * a.max_rank + k;
    const uint32_t w4[4] = {v[p].x, v[p].y, v[p].z, v[p].w};
    if (k + 8 <= r) {
#pragma unroll
      for (int w = 0; w < 4; w++) {
        const float2 f = unpack2<T>(w4[w]);
        s[p] += f.x * t_at(tk, 2 * w, staged) + f.y * t_at(tk, 2 * w + 1, staged);
      }
    } else {  // the last slice of a rank that is not a multiple of 8
#pragma unroll
      for (int w = 0; w < 4; w++) {
        const float2 f = unpack2<T>(w4[w]);
        if (k + 2 * w < r) s[p] += f.x * t_at(tk, 2 * w, staged);
        if (k + 2 * w + 1 < r) s[p] += f.y * t_at(tk, 2 * w + 1, staged);
      }
    }
  }
}

// acc_s[tt][i][m] += B·t for every output and row of the tile (whole block; group 0's chunk 0 already in v).
template <typename T, int NT, int ROWT, int MODE>
__device__ __forceinline__ void bt_add(const GemvArgs& a, int r0, const BtRow* rows, const float* ts,
                                       uint4 (&v)[BT_PASSES], float (*acc_s)[16][NT * 8]) {
  const int pairs = a.M * ROWT * 16, chunks = (a.max_rank + 31) / 32;
  for (int g = 0; g * BT_GROUP < pairs; g++) {
    float s[BT_PASSES];
#pragma unroll
    for (int p = 0; p < BT_PASSES; p++) s[p] = 0.f;
    for (int c = 0; c < chunks; c++) {
      if (g > 0 || c > 0) bt_load<T, ROWT, MODE>(a, r0, rows, g, c, v);
      bt_acc<T, ROWT, MODE>(a, r0, rows, ts, g, c, v, s);
    }
#pragma unroll
    for (int p = 0; p < BT_PASSES; p++) {
      // the four lanes of an output and row are adjacent: two shuffles, the same order every time
      s[p] += __shfl_xor_sync(0xffffffffu, s[p], 1);
      s[p] += __shfl_xor_sync(0xffffffffu, s[p], 2);
      int m, tt, i, j;
      if (threadIdx.x % BT_LANES == 0 && bt_pair<ROWT, MODE>(a, r0, g, p, &m, &tt, &i, &j)) acc_s[tt][i][m] += s[p];
    }
  }
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
  // rows past the end point at row 0 but are not read (their loads are predicated off and give zeros)
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

  // this block's share of the k-axis: chunks [c_begin, c_end) of 64 (split-k: blockIdx.y of gridDim.y)
  const int chunks = (a.K + 63) >> 6;
  const int per = (chunks + gridDim.y - 1) / gridDim.y;
  const int c_begin = blockIdx.y * per, c_end = min(chunks, c_begin + per);
  // the loads of UNROLL chunks in flight before their products: with one row tile a block, a warp's four chunks of
  // a 2,048-long row at once
  constexpr int UNROLL = ROWT == 1 ? 4 : 2;
  const uint4 zero = make_uint4(0, 0, 0, 0);
  for (int c0 = c_begin + warp; c0 < c_end; c0 += WARPS * UNROLL) {
    uint4 wv[UNROLL][ROWT][2][2];
    uint4 xv[UNROLL][NT][2];
    bool kok[UNROLL];
#pragma unroll
    for (int u = 0; u < UNROLL; u++) {
      int c = c0 + u * WARPS;
      int k = c * 64 + t4 * 16;
      kok[u] = c < c_end && k < a.K;
      int kk = kok[u] ? k : 0;
#pragma unroll
      for (int tt = 0; tt < ROWT; tt++)
#pragma unroll
        for (int hh = 0; hh < 2; hh++) {
          const bool ok = kok[u] && wok[tt][hh];
          wv[u][tt][hh][0] = load_stream(wrow[tt][hh] + kk, ok);
          wv[u][tt][hh][1] = load_stream(wrow[tt][hh] + kk + 8, ok);
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
              // rnd(rnd(x·rs)·g) as the op-by-op path rounds, the second product in T (exact: see hmul2); every
              // lane does this for its own row at 8 rows, so its instructions count in the head and gate|up
              float2 xf = unpack2<T>(word(xv[u][nt], w));
              uint32_t out = hmul2<T>(pack2<T>(xf.x * rs[nt], xf.y * rs[nt]), word(gv, w));
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

// Floats of one block's partial sums under split-k.
template <int NT, int ROWT>
__host__ __device__ constexpr int slab() { return ROWT * 16 * NT * 8; }

// Grid (row tiles, k-splits). Under split-k (gridDim.y > 1) each block sums its share of the k-axis, and the last
// block of a row tile to finish adds the tile's partials in a fixed order (deterministic) and runs the epilogue.
// At most 128 registers for one row tile and up to 8 rows: two blocks an SM, so a split grid fills the SMs evenly.
template <typename T, int NT, int ROWT, int MODE, bool NORM, bool LORA, bool MMA>
__global__ void __launch_bounds__(THREADS, (NT == 1 && MMA) ? 2 : 1) gemv_kernel(GemvArgs a) {
  __shared__ float acc_s[ROWT][16][NT * 8];
  __shared__ float sq_s[NT * 8][ROWT * 16];
  __shared__ unsigned long long best_s[NT * 8];
  // bx: this block's row tile; tiles: the grid's row tiles (the fused shrink's leading blocks are not tiles)
  int bx = blockIdx.x;
  const int tiles = static_cast<int>(gridDim.x) - ((LORA && MMA) ? a.shrink_blocks : 0);
  // B·t split over lanes (SKG_BT_SPLIT): thread m < M reads row m's adapter table now, so that it is in a register
  // when the weights are done
  constexpr bool BT = SKG_BT_SPLIT && LORA && MMA;
  const bool bt_split = BT && a.lora_vec;
  __shared__ BtRow bt_rows[NT * 8];
  long long bt_tab = 0;
  if (bt_split && static_cast<int>(threadIdx.x) < a.M) bt_tab = a.adapters[threadIdx.x];
  if constexpr (LORA && MMA) {
    if (a.shrink_blocks > 0) {
      // Tickets in the order blocks start: tickets below shrink_blocks compute t (they wait on nothing), the rest
      // are row tiles that wait for every shrink block before their epilogue. A tile's block got its ticket after
      // every shrink block got theirs, i.e. they are all running: no deadlock, whatever order blocks start in.
      __shared__ int ticket_s;
      if (threadIdx.x == 0) {
        const int tk = static_cast<int>(atomicAdd(&a.lora_sync[0], 1u));
        if (tk == static_cast<int>(gridDim.x) - 1) atomicExch(&a.lora_sync[0], 0u);  // the last ticket: reset
        ticket_s = tk;
      }
      __syncthreads();
      const int tk = ticket_s;
      if (tk < a.shrink_blocks) {
        const int rb = (a.max_rank + SHRINK_RANKS - 1) / SHRINK_RANKS;
        lora_prefetch_b<T>(a, tk / rb, tk % rb, rb);
        ShrinkArgs s{a.x, a.ldx, a.K, a.M, a.rstd, a.g, a.adapters, a.layer, a.proj, a.max_rank,
                     const_cast<float*>(a.t)};
        shrink_vec_block<T, NORM>(s, tk / rb, (tk % rb) * SHRINK_RANKS);
        __threadfence();  // every thread's t visible device-wide before the block counts as done
        __syncthreads();
        if (threadIdx.x == 0) atomicAdd(&a.lora_sync[1], 1u);
        return;
      }
      bx = tk - a.shrink_blocks;
    }
  }
  const int r0 = bx * (MODE == SILU ? 16 : 16 * ROWT);
  if constexpr (MMA) {
    mma_main<T, NT, ROWT, MODE, NORM>(a, r0, acc_s);
  } else {
    plain_main<T, NT, ROWT, MODE, NORM>(a, r0, acc_s);
  }
  if (gridDim.y > 1) {
    constexpr int SLAB = slab<NT, ROWT>();
    float* flat = &acc_s[0][0][0];
    __syncthreads();
    float* mine = a.kpart + (static_cast<size_t>(bx) * gridDim.y + blockIdx.y) * SLAB;
    for (int e = threadIdx.x; e < SLAB; e += THREADS) mine[e] = flat[e];
    if (!last_block(&a.tile_counters[bx], gridDim.y)) return;
    const float* all = a.kpart + static_cast<size_t>(bx) * gridDim.y * SLAB;
    for (int e = threadIdx.x; e < SLAB; e += THREADS) {
      float v[MAX_KSPLIT];
#pragma unroll
      for (int q = 0; q < MAX_KSPLIT; q++) v[q] = q < static_cast<int>(gridDim.y) ? __ldcg(all + q * SLAB + e) : 0.f;
      float sum = 0.f;
#pragma unroll
      for (int q = 0; q < MAX_KSPLIT; q++) sum += v[q];
      flat[e] = sum;
    }
  }
  // split B·t: this row's entry of its adapter table (B and the rank), in flight while thread 0 waits below
  long long bt_b = 0, bt_r = 0;
  if (bt_split && bt_tab != 0) {
    const long long* e = reinterpret_cast<const long long*>(bt_tab) + (a.layer * 4 + a.proj) * 3;
    bt_b = e[1];
    bt_r = e[2];
  }
  unsigned past = 0;  // thread 0: tiles past the wait before it (SKG_BT_SPLIT: looked at after the epilogue's loads)
  if constexpr (LORA && MMA) {
    // the fused shrink: wait (after this tile's weights are read) until every shrink block has left its t; the last
    // tile past the wait resets the counters for the next launch
    if (a.shrink_blocks > 0 && threadIdx.x == 0) {
      volatile unsigned* done = &a.lora_sync[1];
      // bounded: a shrink block that never counted (a bug) traps after 0.5 s instead of hanging the process
      unsigned long long t0, now;
      asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t0));
      while (*done < static_cast<unsigned>(a.shrink_blocks)) {
        __nanosleep(64);
        asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(now));
        if (now - t0 > 500000000ull) __trap();
      }
      __threadfence();
      past = atomicAdd(&a.lora_sync[2], 1u);
      if (!BT && past == static_cast<unsigned>(tiles) - 1) {
        atomicExch(&a.lora_sync[1], 0u);
        atomicExch(&a.lora_sync[2], 0u);
      }
    }
  }
  if (bt_split && static_cast<int>(threadIdx.x) < a.M) {
    BtRow br;
    br.r = bt_r > 0 ? static_cast<int>(bt_r) : 0;
    br.b = br.r > 0 ? reinterpret_cast<const void*>(bt_b) : nullptr;
    br.vec = (br.r & 7) == 0 && (bt_b & 15) == 0;
    bt_rows[threadIdx.x] = br;
  }
  if (MODE == HEAD && threadIdx.x < NT * 8) best_s[threadIdx.x] = 0ull;
  __syncthreads();
  // split B·t: the first group's B slices in flight while t is staged
  uint4 bt_v[BT_PASSES];
  if (bt_split) bt_load<T, ROWT, MODE>(a, r0, bt_rows, 0, 0, bt_v);
  const float* ts = nullptr;  // the rows' t in shared memory (see T_STAGE), or null: lora_dot reads it from L2
  if constexpr (LORA && SKG_T_STAGE) {
    __shared__ float t_s[T_STAGE];
    if (a.M * a.max_rank <= T_STAGE) {  // the same for every thread of the block: the barrier is safe
      for (int e = threadIdx.x; e < a.M * a.max_rank; e += THREADS) t_s[e] = __ldcg(a.t + e);
      __syncthreads();
      ts = t_s;
    }
  }
  if constexpr (BT) {
    if (bt_split) {
      bt_add<T, NT, ROWT, MODE>(a, r0, bt_rows, ts, bt_v, acc_s);
      __syncthreads();
    }
    // the fused shrink's counters: the last tile past the wait resets them for the next launch (its atomic's answer
    // came back while the loads above were in flight)
    if (a.shrink_blocks > 0 && threadIdx.x == 0 && past == static_cast<unsigned>(tiles) - 1) {
      atomicExch(&a.lora_sync[1], 0u);
      atomicExch(&a.lora_sync[2], 0u);
    }
  }
  T* y = static_cast<T*>(a.y);
  // if constexpr: the rows loop below would be unreachable in SILU's build (nvcc warning 128)
  if constexpr (MODE == SILU) {
    for (int e = threadIdx.x; e < 16 * a.M; e += THREADS) {
      int i = e / a.M, m = e % a.M, j = r0 + i;
      if (j >= a.half_rows) continue;
      float gv = acc_s[0][i][m], uv = acc_s[1][i][m];
      if (LORA && !bt_split) {
        gv += lora_dot<T>(a, m, j, ts);
        uv += lora_dot<T>(a, m, a.half_rows + j, ts);
      }
      gv = rnd<T>(gv);
      uv = rnd<T>(uv);
      float sg = rnd<T>(1.f / (1.f + __expf(-gv)));
      y[static_cast<size_t>(m) * a.ldy + j] = fromf<T>(rnd<T>(gv * sg) * uv);
    }
  } else {
    for (int e = threadIdx.x; e < ROWT * 16 * a.M; e += THREADS) {
      int tt = e / (16 * a.M), i = (e / a.M) % 16, m = e % a.M;
      int j = r0 + tt * 16 + i;
      if (j >= a.N) {
        if (MODE == RESID) sq_s[m][tt * 16 + i] = 0.f;
        continue;
      }
      float v = acc_s[tt][i][m];
      if (LORA && !bt_split) v += lora_dot<T>(a, m, j, ts);
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
        if (lane == 0) a.partial[bx * a.M + m] = s;
      }
      if (last_block(a.counter, tiles)) {
        for (int m = warp; m < a.M; m += WARPS) {
          float s = 0.f;
          for (int b = lane; b < tiles; b += 32) s += __ldcg(&a.partial[b * a.M + m]);
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

}  // namespace skg
