// Checks and times the fused decode step's kernels on their own (no JVM, no libtorch): each projection mode and the
// attention against a float64 reference on the CPU, on random data, then the time of each kernel at the Qwen2.5-3B
// shape for 1 and 8 rows (CUDA events, median of 50 after a warm-up, weights rotated so the L2 does not hold them;
// and inside a graph of 36 launches, as the step runs them), each projection at 1-8 k-splits and the attention at
// tiles of 16-128 positions, and of the whole step captured as a graph. Built by nvcc alone:
//   nvcc -std=c++17 -O3 -gencode arch=compute_90,code=sm_90 -o kernel_check kernel_check.cu
//   (add -DSKG_BT_SPLIT=0 for s8's adapter epilogue: its step lines say which build they are)
//   ./kernel_check            # prints a table; exit status 1 when a check fails
#include "strokekg_kernels.cu"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace skg;

namespace {

// What the 16-byte adapter paths' epilogue is in this build (gemv.cuh's SKG_BT_SPLIT; the first version's B·t is
// lora_dot's in both): the step's timing lines name it, so that two builds' lines can be told apart.
#if SKG_BT_SPLIT
#define BT_LABEL ", B.t split over 4 lanes (SKG_BT_SPLIT=1)"
#else
#define BT_LABEL ", B.t one lane an output (SKG_BT_SPLIT=0)"
#endif

#define CK(call)                                                                        \
  do {                                                                                  \
    cudaError_t e_ = (call);                                                            \
    if (e_ != cudaSuccess) {                                                            \
      fprintf(stderr, "%s:%d %s: %s\n", __FILE__, __LINE__, #call, cudaGetErrorString(e_)); \
      exit(2);                                                                          \
    }                                                                                   \
  } while (0)

std::mt19937 rng(20261207);
bool failed = false;

float h2f(__half h) { return __half2float(h); }

std::vector<__half> randh(size_t n, float scale) {
  std::normal_distribution<float> d(0.f, scale);
  std::vector<__half> v(n);
  for (auto& x : v) x = __float2half(d(rng));
  return v;
}

template <typename X>
X* up(const std::vector<X>& v) {
  X* p;
  CK(cudaMalloc(&p, std::max<size_t>(1, v.size()) * sizeof(X)));
  CK(cudaMemcpy(p, v.data(), v.size() * sizeof(X), cudaMemcpyHostToDevice));
  return p;
}

template <typename X>
std::vector<X> down(const X* p, size_t n) {
  std::vector<X> v(n);
  CK(cudaMemcpy(v.data(), p, n * sizeof(X), cudaMemcpyDeviceToHost));
  return v;
}

float rh(float v) { return __half2float(__float2half(v)); }

void report(const char* what, double err, double tol) {
  bool ok = err <= tol && std::isfinite(err);
  if (!ok) failed = true;
  printf("check %-44s rel err %.2e %s\n", what, err, ok ? "ok" : "FAIL");
}

// One projection of M rows in a mode, on random data, against the CPU.
// vec: the adapters through shrink_vec_kernel and 16-byte B loads where the shapes allow, else the first version's
// kernels. fused: the shrink in the projection's own grid (the step's default where it applies; it needs vec and no
// split): checked twice in a row, so that the in-kernel counters are shown reset.
// r1, r2: the two adapters' ranks (over 32: the split B·t's rank chunks; not a multiple of 8: its element loads).
void check_gemv(int mode, int M, int K, int N, bool norm, bool lora, int ks = 1, bool vec = true, bool fused = false,
                int r1 = 8, int r2 = 12) {
  const int rows = mode == SILU ? 2 * N : N;
  auto w = randh(static_cast<size_t>(rows) * K, 0.05f);
  auto x = randh(static_cast<size_t>(M) * K, 1.f);
  auto g = randh(K, 1.f);
  auto bias = randh(rows, 0.5f);
  auto resid = randh(static_cast<size_t>(M) * N, 1.f);
  std::vector<float> rstd(M);
  for (int m = 0; m < M; m++) rstd[m] = 0.5f + 0.1f * m;
  // adapters: rows alternate between two adapters and none
  const int R1 = r1, R2 = r2, maxR = std::max(r1, r2);
  auto a1 = randh(static_cast<size_t>(R1) * K, 0.05f), b1 = randh(static_cast<size_t>(rows) * R1, 0.05f);
  auto a2 = randh(static_cast<size_t>(R2) * K, 0.05f), b2 = randh(static_cast<size_t>(rows) * R2, 0.05f);
  __half *dw = up(w), *dx = up(x), *dg = up(g), *dbias = up(bias), *dres = up(resid);
  __half *da1 = up(a1), *db1 = up(b1), *da2 = up(a2), *db2 = up(b2);
  float* drstd = up(rstd);
  const int proj = 1, layer = 2;
  // tables of 3 layers (the projection at layer index 2) x 4 projections
  std::vector<long long> t1(3 * 4 * 3, 0), t2(3 * 4 * 3, 0);
  t1[(layer * 4 + proj) * 3] = reinterpret_cast<long long>(da1);
  t1[(layer * 4 + proj) * 3 + 1] = reinterpret_cast<long long>(db1);
  t1[(layer * 4 + proj) * 3 + 2] = R1;
  t2[(layer * 4 + proj) * 3] = reinterpret_cast<long long>(da2);
  t2[(layer * 4 + proj) * 3 + 1] = reinterpret_cast<long long>(db2);
  t2[(layer * 4 + proj) * 3 + 2] = R2;
  long long *dt1 = up(t1), *dt2 = up(t2);
  std::vector<long long> ads(M);
  for (int m = 0; m < M; m++) ads[m] = m % 3 == 0 ? 0 : (m % 3 == 1 ? reinterpret_cast<long long>(dt1)
                                                                      : reinterpret_cast<long long>(dt2));
  long long* dads = up(ads);
  float* dt;
  CK(cudaMalloc(&dt, sizeof(float) * M * maxR));
  float *dpartial, *drout, *dlogits;
  unsigned* dcount;
  unsigned long long* dbest;
  long long* dpicked;
  CK(cudaMalloc(&dpartial, sizeof(float) * ((N + 15) / 16) * M));
  CK(cudaMalloc(&drout, sizeof(float) * M));
  CK(cudaMalloc(&dlogits, sizeof(float) * M * N));
  CK(cudaMalloc(&dcount, 4));
  CK(cudaMemset(dcount, 0, 4));
  const int tiles = (rows + 15) / 16;
  float* dkpart;
  unsigned* dtiles;
  CK(cudaMalloc(&dkpart, sizeof(float) * tiles * MAX_KSPLIT * 2 * 16 * 32));
  CK(cudaMalloc(&dtiles, 4 * tiles));
  CK(cudaMemset(dtiles, 0, 4 * tiles));
  CK(cudaMalloc(&dbest, 8 * M));
  CK(cudaMemset(dbest, 0, 8 * M));
  CK(cudaMalloc(&dpicked, 8 * M));
  __half* dy;
  CK(cudaMalloc(&dy, sizeof(__half) * M * N));
  unsigned* dsync;
  CK(cudaMalloc(&dsync, 4 * 3));
  CK(cudaMemset(dsync, 0, 4 * 3));
  fused = fused && lora && vec && ks <= 1 && shrink_vec_ok(dx, K, K, dg);
  if (lora && !fused) {
    ShrinkArgs s{dx, K, K, M, drstd, dg, dads, layer, proj, maxR, dt};
    if (vec && shrink_vec_ok(dx, K, K, dg)) {
      dim3 grid((maxR + SHRINK_RANKS - 1) / SHRINK_RANKS, M);
      if (norm) shrink_vec_kernel<__half, true><<<grid, THREADS>>>(s);
      else shrink_vec_kernel<__half, false><<<grid, THREADS>>>(s);
    } else {
      dim3 grid((maxR + WARPS - 1) / WARPS, M);
      if (norm) shrink_kernel<__half, true><<<grid, THREADS>>>(s);
      else shrink_kernel<__half, false><<<grid, THREADS>>>(s);
    }
    CK(cudaGetLastError());
  }
  GemvArgs a{};
  a.w = dw; a.x = dx; a.ldx = K; a.K = K; a.N = mode == SILU ? 2 * N : N; a.M = M; a.half_rows = N;
  a.rstd = drstd; a.g = dg; a.bias = mode == STORE ? dbias : nullptr; a.y = mode == RESID ? dres : dy; a.ldy = N;
  a.partial = dpartial; a.counter = dcount; a.rstd_out = drout; a.eps = 1e-6f; a.logits = dlogits; a.best = dbest;
  a.picked = dpicked; a.adapters = dads; a.layer = layer; a.proj = proj; a.max_rank = maxR; a.t = dt;
  a.ksplit = ks; a.kpart = dkpart; a.tile_counters = dtiles; a.lora_vec = vec;
  if (fused) {
    a.shrink_blocks = fused_shrink_blocks(M, maxR);
    a.lora_sync = dsync;
  }
  // RESID adds into the residual: a second (fused) run starts from a copy of it
  __half* dres0 = up(resid);
  for (int run = 0; run < (fused ? 2 : 1); run++) {
    if (run > 0) {
      CK(cudaMemcpy(dres, dres0, sizeof(__half) * M * N, cudaMemcpyDeviceToDevice));
      CK(cudaMemset(dt, 0, sizeof(float) * M * maxR));  // t must come from this run's shrink blocks
    }
    cudaError_t e;
    switch (mode) {
      case STORE: e = norm ? gemv<__half, 1, STORE, true>(a, lora, 0) : gemv<__half, 1, STORE, false>(a, lora, 0); break;
      case RESID: e = gemv<__half, 1, RESID, false>(a, lora, 0); break;
      case SILU: e = gemv<__half, 2, SILU, true>(a, lora, 0); break;
      default: e = gemv<__half, 2, HEAD, true>(a, false, 0); break;
    }
    CK(e);
    CK(cudaDeviceSynchronize());
  }
  if (fused) {
    auto sync = down(dsync, 3);
    if (sync[0] != 0 || sync[1] != 0 || sync[2] != 0) {
      printf("check fused shrink counters not reset: %u %u %u FAIL\n", sync[0], sync[1], sync[2]);
      failed = true;
    }
  }
  // reference
  std::vector<double> xin(static_cast<size_t>(M) * K);
  for (int m = 0; m < M; m++)
    for (int k = 0; k < K; k++) {
      float v = h2f(x[m * K + k]);
      if (norm) v = rh(rh(v * rstd[m]) * h2f(g[k]));
      xin[m * K + k] = v;
    }
  // each adapter row's t = A·xin once (not once per output: the references of the 32-row checks took seconds each)
  std::vector<double> tref(static_cast<size_t>(M) * maxR, 0.0);
  if (lora)
    for (int m = 0; m < M; m++) {
      if (m % 3 == 0) continue;
      const auto& A = m % 3 == 1 ? a1 : a2;
      int r = m % 3 == 1 ? R1 : R2;
      for (int q = 0; q < r; q++) {
        double t = 0;
        for (int k = 0; k < K; k++) t += h2f(A[q * K + k]) * xin[m * K + k];
        tref[m * maxR + q] = rh(static_cast<float>(t));
      }
    }
  auto dot = [&](int m, int row) {
    double s = 0;
    for (int k = 0; k < K; k++) s += h2f(w[static_cast<size_t>(row) * K + k]) * xin[m * K + k];
    if (lora && m % 3 != 0) {
      const auto& B = m % 3 == 1 ? b1 : b2;
      int r = m % 3 == 1 ? R1 : R2;
      for (int q = 0; q < r; q++) s += h2f(B[static_cast<size_t>(row) * r + q]) * tref[m * maxR + q];
    }
    return s;
  };
  double worst = 0, scale = 0;
  char name[128];
  const std::string ranks = lora && (r1 != 8 || r2 != 12) ? " r" + std::to_string(r1) + "/" + std::to_string(r2) : "";
  snprintf(name, sizeof(name), "gemv %s M=%d K=%d N=%d%s%s%s%s", mode == STORE ? "store" : mode == RESID ? "resid"
           : mode == SILU ? "silu" : "head", M, K, N, norm ? " norm" : "",
           lora ? (fused ? " lora-fused" : vec ? " lora" : " lora-v1") : "", ranks.c_str(),
           ks > 1 ? (" k/" + std::to_string(ks)).c_str() : "");
  if (mode == HEAD) {
    auto lg = down(dlogits, static_cast<size_t>(M) * N);
    auto pk = down(dpicked, M);
    for (int m = 0; m < M; m++) {
      int best = 0;
      for (int j = 0; j < N; j++) {
        double ref = dot(m, j);
        worst = std::max(worst, std::fabs(lg[m * N + j] - ref));
        scale = std::max(scale, std::fabs(ref));
        if (lg[m * N + j] > lg[m * N + best]) best = j;
      }
      if (pk[m] != best) {
        printf("check %s: row %d picked %lld, argmax of its logits %d FAIL\n", name, m, pk[m], best);
        failed = true;
      }
    }
  } else {
    auto out = down(mode == RESID ? dres : dy, static_cast<size_t>(M) * N);
    for (int m = 0; m < M; m++)
      for (int j = 0; j < N; j++) {
        double ref;
        if (mode == STORE) ref = dot(m, j) + h2f(bias[j]);
        else if (mode == RESID) ref = h2f(resid[m * N + j]) + dot(m, j);
        else {
          double gv = rh(static_cast<float>(dot(m, j))), uv = rh(static_cast<float>(dot(m, N + j)));
          ref = gv / (1 + std::exp(-gv)) * uv;
        }
        worst = std::max(worst, std::fabs(h2f(out[m * N + j]) - ref));
        scale = std::max(scale, std::fabs(ref));
      }
    if (mode == RESID) {
      auto ro = down(drout, M);
      for (int m = 0; m < M; m++) {
        double ss = 0;
        for (int j = 0; j < N; j++) ss += static_cast<double>(h2f(out[m * N + j])) * h2f(out[m * N + j]);
        double ref = 1 / std::sqrt(ss / N + 1e-6);
        worst = std::max(worst, std::fabs(ro[m] - ref) / ref * scale);
      }
    }
  }
  report(name, worst / scale, 4e-3);
  for (void* p : std::initializer_list<void*>{dw, dx, dg, dbias, dres, da1, db1, da2, db2, drstd, dt1, dt2, dads, dt,
                                              dpartial, drout, dlogits, dcount, dbest, dpicked, dy, dkpart, dtiles,
                                              dsync, dres0})
    CK(cudaFree(p));
}

// Attention of M rows (G query heads a KV head) against the CPU.
void check_attention(int M, int hq, int hkv, int d, int cap, bool qknorm, int tile = 0) {
  const int G = hq / hkv, QKV = (hq + 2 * hkv) * d;
  auto qkv = randh(static_cast<size_t>(M) * QKV, 1.f);
  auto kc = randh(static_cast<size_t>(hkv) * M * cap * d, 1.f);
  auto vc = randh(static_cast<size_t>(hkv) * M * cap * d, 1.f);
  auto qkn = randh(static_cast<size_t>(hq + hkv) * d, 1.f);
  std::vector<__half> cs(static_cast<size_t>(cap) * d), sn(static_cast<size_t>(cap) * d);
  for (int p = 0; p < cap; p++)
    for (int i = 0; i < d; i++) {
      double f = p * std::pow(1e6, -2.0 * (i % (d / 2)) / d);
      cs[p * d + i] = __float2half(static_cast<float>(std::cos(f)));
      sn[p * d + i] = __float2half(static_cast<float>(std::sin(f)));
    }
  std::vector<long long> in(3 * M, 0), cols(M);
  std::uniform_int_distribution<int> len(1, cap);
  for (int m = 0; m < M; m++) {
    in[M + m] = len(rng) - 1;
    cols[m] = static_cast<long long>(m) * cap;
  }
  in[M] = cap - 1;  // one row full
  __half *dqkv = up(qkv), *dkc = up(kc), *dvc = up(vc), *dqkn = up(qkn), *dcs = up(cs), *dsn = up(sn), *dctx;
  long long *din = up(in), *dcols = up(cols);
  CK(cudaMalloc(&dctx, sizeof(__half) * M * hq * d));
  Plan p{};
  p.desc.m = M; p.desc.hq = hq; p.desc.hkv = hkv; p.desc.d = d; p.desc.max_cols = cap; p.desc.dtype = F16;
  configure(&p, tile);
  float *po, *pml;
  unsigned* cnt;
  CK(cudaMalloc(&po, sizeof(float) * M * hkv * p.splits * G * d));
  CK(cudaMalloc(&pml, sizeof(float) * M * hkv * p.splits * G * 2));
  CK(cudaMalloc(&cnt, 4 * M * hkv));
  CK(cudaMemset(cnt, 0, 4 * M * hkv));
  AttnArgs at{dqkv, QKV, M, hq, hkv, d, G, p.splits, p.tile, din + M, dcs, dsn, qknorm ? dqkn : nullptr, 1e-6f,
              static_cast<float>(1 / std::sqrt(d)), dkc, dvc, static_cast<long long>(M) * cap * d, dcols, dctx, po,
              pml, cnt};
  CK(allow_smem<__half>(p.attn_smem));
  CK(launch_attention<__half>(at, dim3(p.splits, hkv, M), p.attn_smem, 0));
  CK(cudaDeviceSynchronize());
  auto ctx = down(dctx, static_cast<size_t>(M) * hq * d);
  auto kafter = down(dkc, kc.size());
  auto vafter = down(dvc, vc.size());
  auto normrope = [&](std::vector<float>& x, int head, int pos) {
    if (qknorm) {
      double s = 0;
      for (int i = 0; i < d; i++) s += x[i] * x[i];
      float r = static_cast<float>(1 / std::sqrt(s / d + 1e-6));
      for (int i = 0; i < d; i++) x[i] = rh(rh(x[i] * r) * h2f(qkn[head * d + i]));
    }
    std::vector<float> o(d);
    for (int i = 0; i < d; i++) {
      float rot = i < d / 2 ? -x[i + d / 2] : x[i - d / 2];
      o[i] = rh(x[i] * h2f(cs[pos * d + i]) + rot * h2f(sn[pos * d + i]));
    }
    x = o;
  };
  double worst = 0, scale = 0, cache_err = 0;
  for (int m = 0; m < M; m++) {
    int pos = static_cast<int>(in[M + m]);
    for (int h = 0; h < hkv; h++) {
      std::vector<float> k(d), v(d);
      for (int i = 0; i < d; i++) {
        k[i] = h2f(qkv[m * QKV + (hq + h) * d + i]);
        v[i] = h2f(qkv[m * QKV + (hq + hkv + h) * d + i]);
      }
      normrope(k, hq + h, pos);
      size_t at0 = static_cast<size_t>(h) * M * cap * d + (static_cast<size_t>(m) * cap + pos) * d;
      for (int i = 0; i < d; i++) {
        cache_err = std::max(cache_err, static_cast<double>(std::fabs(h2f(kafter[at0 + i]) - rh(k[i]))));
        cache_err = std::max(cache_err, static_cast<double>(std::fabs(h2f(vafter[at0 + i]) - v[i])));
      }
      for (int gq = 0; gq < G; gq++) {
        int head = h * G + gq;
        std::vector<float> q(d);
        for (int i = 0; i < d; i++) q[i] = h2f(qkv[m * QKV + head * d + i]);
        normrope(q, head, pos);
        std::vector<double> s(pos + 1);
        double mx = -1e300;
        for (int p2 = 0; p2 <= pos; p2++) {
          size_t kr = static_cast<size_t>(h) * M * cap * d + (static_cast<size_t>(m) * cap + p2) * d;
          double t = 0;
          for (int i = 0; i < d; i++) t += q[i] * h2f(kafter[kr + i]);
          s[p2] = t / std::sqrt(d);
          mx = std::max(mx, s[p2]);
        }
        double den = 0;
        for (auto& e : s) den += (e = std::exp(e - mx));
        for (int i = 0; i < d; i++) {
          double o = 0;
          for (int p2 = 0; p2 <= pos; p2++)
            o += s[p2] * h2f(vafter[static_cast<size_t>(h) * M * cap * d + (static_cast<size_t>(m) * cap + p2) * d + i]);
          o /= den;
          worst = std::max(worst, std::fabs(h2f(ctx[(static_cast<size_t>(m) * hq + head) * d + i]) - o));
          scale = std::max(scale, std::fabs(o));
        }
      }
    }
  }
  char name[128];
  snprintf(name, sizeof(name), "attention M=%d hq=%d hkv=%d d=%d cap=%d tile=%d%s", M, hq, hkv, d, cap, p.tile,
           qknorm ? " qknorm" : "");
  report(name, worst / scale, 4e-3);
  if (cache_err > 0) {
    printf("check %s: the new key/value in the cache differ by %.2e FAIL\n", name, cache_err);
    failed = true;
  }
  for (void* q : std::initializer_list<void*>{dqkv, dkc, dvc, dqkn, dcs, dsn, dctx, din, dcols, po, pml, cnt})
    CK(cudaFree(q));
}

// Times the kernels and the captured step at the 3B shape.
void timing(int M) {
  const int H = 2048, hq = 16, hkv = 2, d = 128, I = 11008, V = 151936, L = 36, cap = 1160;
  const int QKV = (hq + 2 * hkv) * d;
  const size_t per_layer = static_cast<size_t>(QKV) * H + static_cast<size_t>(H) * hq * d + 2ull * I * H +
                           static_cast<size_t>(H) * I;
  __half* weights;
  const size_t total = per_layer * L + static_cast<size_t>(V) * H;
  CK(cudaMalloc(&weights, total * 2));
  {
    std::vector<__half> chunk = randh(1 << 24, 0.02f);
    for (size_t at = 0; at < total; at += chunk.size())
      CK(cudaMemcpy(weights + at, chunk.data(), std::min(chunk.size(), total - at) * 2, cudaMemcpyHostToDevice));
  }
  auto ones = std::vector<__half>(std::max(H, d * (hq + hkv)), __float2half(1.f));
  __half* norm = up(ones);
  std::vector<const void*> lw(L * 8);
  std::vector<void*> kc(L), vc(L);
  __half* cache;
  const size_t cache_per = static_cast<size_t>(hkv) * M * cap * d;
  CK(cudaMalloc(&cache, cache_per * 2 * L * 2));
  CK(cudaMemset(cache, 0, cache_per * 2 * L * 2));
  for (int l = 0; l < L; l++) {
    __half* w = weights + per_layer * l;
    lw[l * 8 + 0] = norm;
    lw[l * 8 + 1] = w;
    lw[l * 8 + 2] = norm;
    lw[l * 8 + 3] = nullptr;
    lw[l * 8 + 4] = w + static_cast<size_t>(QKV) * H;
    lw[l * 8 + 5] = norm;
    lw[l * 8 + 6] = w + static_cast<size_t>(QKV) * H + static_cast<size_t>(H) * hq * d;
    lw[l * 8 + 7] = w + static_cast<size_t>(QKV) * H + static_cast<size_t>(H) * hq * d + 2ull * I * H;
    kc[l] = cache + cache_per * 2 * l;
    vc[l] = cache + cache_per * (2 * l + 1);
  }
  std::vector<__half> table(static_cast<size_t>(cap) * d, __float2half(0.5f));
  __half* rope = up(table);
  std::vector<long long> in(3 * M, 0), cols(M);
  for (int m = 0; m < M; m++) {
    in[m] = 1000 + m;
    in[M + m] = 1100;
    cols[m] = static_cast<long long>(m) * cap;
  }
  long long* din = up(in);
  float* logits;
  long long* picked;
  CK(cudaMalloc(&logits, sizeof(float) * M * V));
  CK(cudaMalloc(&picked, 8 * M));
  SkgPlanDesc c{};
  c.dtype = F16; c.m = M; c.h = H; c.hq = hq; c.hkv = hkv; c.d = d; c.inter = I; c.vocab = V; c.layers = L;
  c.eps = 1e-6f; c.scale = 1 / std::sqrt(128.f); c.embed = weights + per_layer * L; c.final_norm = norm;
  c.lm_head = c.embed; c.cos = rope; c.sin = rope; c.layer_w = lw.data(); c.kc = kc.data(); c.vc = vc.data();
  c.head_stride = static_cast<long long>(M) * cap * d; c.col_start = cols.data(); c.max_cols = cap; c.inputs = din;
  c.logits = logits; c.picked = picked;
  void* ws;
  size_t wsb = skg_workspace_bytes(&c);
  CK(cudaMalloc(&ws, wsb));
  CK(cudaMemset(ws, 0, wsb));
  char err[256];
  Plan* p = static_cast<Plan*>(skg_plan_create(&c, ws, err, sizeof(err)));
  if (p == nullptr) {
    printf("plan: %s\n", err);
    exit(2);
  }
  cudaStream_t st;
  CK(cudaStreamCreateWithFlags(&st, cudaStreamNonBlocking));
  float* kpart;
  unsigned* tile_counters;
  const int max_tiles = (I + 15) / 16 + 16;
  CK(cudaMalloc(&kpart, sizeof(float) * max_tiles * MAX_KSPLIT * 2 * 16 * 32));
  CK(cudaMalloc(&tile_counters, 4 * max_tiles));
  CK(cudaMemset(tile_counters, 0, 4 * max_tiles));
  cudaEvent_t e0, e1;
  CK(cudaEventCreate(&e0));
  CK(cudaEventCreate(&e1));
  auto median = [&](auto launch) {
    std::vector<float> ms;
    for (int i = 0; i < 60; i++) {
      CK(cudaEventRecord(e0, st));
      launch(i);
      CK(cudaEventRecord(e1, st));
      CK(cudaEventSynchronize(e1));
      float t;
      CK(cudaEventElapsedTime(&t, e0, e1));
      if (i >= 10) ms.push_back(t);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2] * 1000.0;  // us
  };
  // a kernel's time inside a graph of 36 launches (one a layer, weights rotated), as the step replays it: the
  // launches' own gaps and ramp-up counted as the step sees them, not an event pair's overhead
  auto in_graph = [&](auto launch) {
    cudaGraph_t g;
    cudaGraphExec_t ge;
    CK(cudaStreamBeginCapture(st, cudaStreamCaptureModeThreadLocal));
    for (int i = 0; i < L; i++) launch(i);
    CK(cudaStreamEndCapture(st, &g));
    CK(cudaGraphInstantiate(&ge, g, 0));
    double us = median([&](int) { CK(cudaGraphLaunch(ge, st)); }) / L;
    CK(cudaGraphExecDestroy(ge));
    CK(cudaGraphDestroy(g));
    return us;
  };
  auto gemv_launch = [&](int mode, int K, int N, size_t offset, int ks, int i) {
    GemvArgs a{};
    a.w = weights + offset + (i % L) * per_layer; a.x = mode == RESID ? p->act : p->x; a.ldx = K; a.K = K; a.N = N; a.M = M;
    a.half_rows = N / 2; a.rstd = p->rstd; a.g = norm; a.y = mode == SILU ? p->act : p->qkv; a.ldy = N;
    a.partial = p->partial; a.counter = p->resid_counter; a.rstd_out = p->rstd; a.eps = 1e-6f; a.logits = logits;
    a.best = p->best; a.picked = picked; a.counter = mode == HEAD ? p->head_counter : p->resid_counter;
    a.ksplit = ks; a.kpart = kpart; a.tile_counters = tile_counters;
    if (mode == SILU) a.y = p->act, a.ldy = I;
    if (mode == RESID) a.y = p->x, a.ldy = H;
    if (mode == HEAD) a.w = c.lm_head;
    cudaError_t e = mode == STORE ? gemv<__half, 1, STORE, true>(a, false, st)
                    : mode == RESID ? gemv<__half, 1, RESID, false>(a, false, st)
                    : mode == SILU ? gemv<__half, 2, SILU, true>(a, false, st)
                                   : gemv<__half, 2, HEAD, true>(a, false, st);
    CK(e);
  };
  // each projection at k-splits 1, 2, 4, 8 (the step uses ksplit_for's choice, marked *); returns the chosen one's
  // time in a graph
  auto gemv_time = [&](const char* name, int mode, int K, int N, size_t offset) {
    const int tiles = mode == SILU ? (N / 2 + 15) / 16 : (N + 15) / 16;
    const int chosen = mode == HEAD ? 1 : ksplit_for(tiles, K, p->sms);
    double bytes = static_cast<double>(N) * K * 2, result = 0;
    for (int ks : {1, 2, 4, 8}) {
      if (mode == HEAD && ks > 1) break;
      double ev = median([&](int i) { gemv_launch(mode, K, N, offset, ks, i); });
      double gr = mode == HEAD ? ev : in_graph([&](int i) { gemv_launch(mode, K, N, offset, ks, i); });
      printf("time M=%d %-10s k/%d%s %8.1f us  %6.0f GB/s (event) %8.1f us  %6.0f GB/s (in a graph)\n", M, name, ks,
             ks == chosen ? "*" : " ", ev, bytes / ev / 1e3, gr, bytes / gr / 1e3);
      if (ks == chosen) result = gr;
    }
    return result;
  };
  const size_t o_off = static_cast<size_t>(QKV) * H, gu_off = o_off + static_cast<size_t>(H) * hq * d,
               dn_off = gu_off + 2ull * I * H;
  double sum = 0;
  sum += gemv_time("qkv", STORE, H, QKV, 0);
  sum += gemv_time("o", RESID, hq * d, H, o_off);
  sum += gemv_time("gate|up", SILU, H, 2 * I, gu_off);
  sum += gemv_time("down", RESID, I, H, dn_off);
  // attention at several tile sizes (the plan's ATTN_TILE marked *)
  float *po, *pml;
  unsigned* cnt;
  CK(cudaMalloc(&po, sizeof(float) * M * hkv * ATTN_MAX_SPLITS * (hq / hkv) * d));
  CK(cudaMalloc(&pml, sizeof(float) * M * hkv * ATTN_MAX_SPLITS * (hq / hkv) * 2));
  CK(cudaMalloc(&cnt, 4 * M * hkv));
  CK(cudaMemset(cnt, 0, 4 * M * hkv));
  double att = 0;
  for (int tile : {16, 32, 64, 128}) {
    Plan v{};
    v.desc = c;
    configure(&v, tile);
    CK(allow_smem<__half>(v.attn_smem));
    auto launch = [&](int i) {
      AttnArgs at{p->qkv, QKV, M, hq, hkv, d, hq / hkv, v.splits, v.tile, din + M, rope, rope, nullptr, 1e-6f,
                  c.scale, kc[i % L], vc[i % L], c.head_stride, p->col_start, p->ctx, po, pml, cnt};
      CK(launch_attention<__half>(at, dim3(v.splits, hkv, M), v.attn_smem, st));
    };
    double ev = median(launch), gr = in_graph(launch);
    const int active = static_cast<int>((1101 + tile - 1) / tile);
    printf("time M=%d attention tile %3d%s %8.1f us (event) %8.1f us (in a graph)  (%d splits, %d active, %zu B smem, "
           "1,101 positions)\n", M, tile, tile == p->tile ? "*" : " ", ev, gr, v.splits,
           active < v.splits ? active : v.splits, v.attn_smem);
    if (tile == p->tile) att = gr;
  }
  for (void* q : std::initializer_list<void*>{po, pml, cnt}) CK(cudaFree(q));
  sum += att;
  double head = gemv_time("head", HEAD, H, V, 0);
  printf("time M=%d layer sum %.1f us x 36 + head %.1f = %.3f ms (chosen variants, in graphs)\n", M, sum, head,
         (sum * L + head) / 1000);
  // the whole step, captured
  cudaGraph_t graph;
  cudaGraphExec_t exec;
  CK(cudaStreamBeginCapture(st, cudaStreamCaptureModeThreadLocal));
  int code = skg_plan_step(p, st);
  CK(cudaStreamEndCapture(st, &graph));
  if (code != 0) {
    printf("step: %s\n", cudaGetErrorString(static_cast<cudaError_t>(code)));
    exit(2);
  }
  CK(cudaGraphInstantiate(&exec, graph, 0));
  size_t nodes = 0;
  CK(cudaGraphGetNodes(graph, nullptr, &nodes));
  double step = median([&](int) { CK(cudaGraphLaunch(exec, st)); });
  double weight_bytes = static_cast<double>(total) * 2;
  printf("time M=%d step (graph of %zu kernels) %.3f ms = %.1f tok/s per row, weights at %.0f GB/s\n", M, nodes,
         step / 1000, 1e6 / step, weight_bytes / step / 1e3);
  CK(cudaGraphExecDestroy(exec));
  CK(cudaGraphDestroy(graph));
  // the same step with every row on an unmerged rank-32 adapter of every projection (4 adapters, row m takes
  // m % 4): the first version's shrink and B·t against the 16-byte ones, and each against the merged step above
  {
    const int R = 32, NA = 4;
    const int Ks[4] = {H, hq * d, H, I}, Ns[4] = {QKV, H, 2 * I, H};
    size_t per = 0;
    for (int j = 0; j < 4; j++) per += static_cast<size_t>(R) * Ks[j] + static_cast<size_t>(Ns[j]) * R;
    __half* aw;
    CK(cudaMalloc(&aw, per * L * NA * 2));
    CK(cudaMemcpy(aw, weights, per * L * NA * 2, cudaMemcpyDeviceToDevice));  // random values of the weights' scale
    std::vector<long long> tabs(static_cast<size_t>(NA) * L * 4 * 3);
    __half* at = aw;
    for (int ad = 0; ad < NA; ad++)
      for (int l = 0; l < L; l++)
        for (int j = 0; j < 4; j++) {
          long long* e = &tabs[((static_cast<size_t>(ad) * L + l) * 4 + j) * 3];
          e[0] = reinterpret_cast<long long>(at);
          at += static_cast<size_t>(R) * Ks[j];
          e[1] = reinterpret_cast<long long>(at);
          at += static_cast<size_t>(Ns[j]) * R;
          e[2] = R;
        }
    long long* dtabs = up(tabs);
    std::vector<long long> in2 = in;
    for (int m = 0; m < M; m++) in2[2 * M + m] = reinterpret_cast<long long>(dtabs + (m % NA) * L * 4 * 3);
    long long* din2 = up(in2);
    SkgPlanDesc c2 = c;
    c2.lora = 1;
    c2.max_rank = R;
    c2.inputs = din2;
    void* ws2;
    size_t wsb2 = skg_workspace_bytes(&c2);
    CK(cudaMalloc(&ws2, wsb2));
    CK(cudaMemset(ws2, 0, wsb2));
    Plan* p2 = static_cast<Plan*>(skg_plan_create(&c2, ws2, err, sizeof(err)));
    if (p2 == nullptr) {
      printf("plan (adapters): %s\n", err);
      exit(2);
    }
    std::vector<float> lg_kernel;
    std::vector<long long> pk_kernel;
    for (int variant : {0, 1, 2}) {  // first version's shrink; 16-byte shrink kernel; shrink in the projection's grid
      const int vec = variant > 0;
      p2->lora_vec = vec;
      p2->lora_fused = variant == 2;
      CK(cudaStreamBeginCapture(st, cudaStreamCaptureModeThreadLocal));
      int code2 = skg_plan_step(p2, st);
      CK(cudaStreamEndCapture(st, &graph));
      if (code2 != 0) {
        printf("step (adapters): %s\n", cudaGetErrorString(static_cast<cudaError_t>(code2)));
        exit(2);
      }
      CK(cudaGraphInstantiate(&exec, graph, 0));
      CK(cudaGraphGetNodes(graph, nullptr, &nodes));
      double ls = median([&](int) { CK(cudaGraphLaunch(exec, st)); });
      printf("time M=%d step, %d rows over %d unmerged rank-%d adapters, %s (graph of %zu kernels) %.3f ms = %.3f x "
             "the merged step\n", M, M, M < NA ? M : NA, R,
             variant == 2 ? "fused shrink, 16-byte B loads" BT_LABEL
                          : vec ? "16-byte shrink kernel and B loads" BT_LABEL : "first version's shrink",
             nodes, ls / 1000, step / ls);
      // the fused shrink computes t with the same arithmetic in the same order as the 16-byte shrink kernel: the
      // step's logits and picks must be the same bits
      auto lg = down(logits, static_cast<size_t>(M) * V);
      auto pk = down(picked, M);
      if (variant == 1) {
        lg_kernel = lg;
        pk_kernel = pk;
      } else if (variant == 2) {
        size_t finite = 0, differ = 0;
        for (size_t i = 0; i < lg.size(); i++) {
          finite += std::isfinite(lg[i]);
          differ += memcmp(&lg[i], &lg_kernel[i], sizeof(float)) != 0;
        }
        bool same = differ == 0 && pk == pk_kernel;
        if (!same) failed = true;
        printf("check step M=%-2d over %d adapters: fused shrink = shrink kernel bit for bit  %zu of %zu logits differ, "
               "%zu finite, picks %s %s\n", M, M < NA ? M : NA, differ, lg.size(), finite,
               pk == pk_kernel ? "equal" : "differ", same ? "ok" : "FAIL");
      }
      CK(cudaGraphExecDestroy(exec));
      CK(cudaGraphDestroy(graph));
    }
    skg_plan_free(p2);
    for (void* q : std::initializer_list<void*>{aw, dtabs, din2, ws2}) CK(cudaFree(q));
  }
  skg_plan_free(p);
  for (void* q : std::initializer_list<void*>{weights, norm, cache, rope, din, logits, picked, ws, kpart, tile_counters})
    CK(cudaFree(q));
  CK(cudaStreamDestroy(st));
}

double copy_bandwidth() {
  const size_t n = 1ull << 30;
  void *a, *b;
  CK(cudaMalloc(&a, n));
  CK(cudaMalloc(&b, n));
  CK(cudaMemset(a, 1, n));
  cudaEvent_t e0, e1;
  CK(cudaEventCreate(&e0));
  CK(cudaEventCreate(&e1));
  float best = 1e9;
  for (int i = 0; i < 6; i++) {
    CK(cudaEventRecord(e0));
    CK(cudaMemcpy(b, a, n, cudaMemcpyDeviceToDevice));
    CK(cudaEventRecord(e1));
    CK(cudaEventSynchronize(e1));
    float t;
    CK(cudaEventElapsedTime(&t, e0, e1));
    if (i > 0) best = std::min(best, t);
  }
  CK(cudaFree(a));
  CK(cudaFree(b));
  return 2.0 * n / best / 1e6;  // GB/s, read + write
}

}  // namespace

int main(int argc, char** argv) {
  cudaDeviceProp prop;
  CK(cudaGetDeviceProperties(&prop, 0));
  printf("device %s, %d SMs, copy %.0f GB/s (read + write)\n", prop.name, prop.multiProcessorCount, copy_bandwidth());
  printf("build SKG_BT_SPLIT=%d SKG_T_STAGE=%d SKG_LORA_FUSED=%d\n", SKG_BT_SPLIT, SKG_T_STAGE, SKG_LORA_FUSED);
  for (int M : {1, 3, 8, 13, 32}) {
    check_gemv(STORE, M, 2048, 2560, true, M % 2 == 1);
    check_gemv(RESID, M, 2048, 2048, false, M == 8);
  }
  check_gemv(SILU, 1, 2048, 1376, true, false);
  check_gemv(SILU, 8, 2048, 1376, true, true);
  check_gemv(RESID, 8, 11008, 256, false, true);
  check_gemv(STORE, 5, 32, 64, true, true);
  check_gemv(RESID, 2, 64, 32, false, false);
  // split along k (the last block of a row tile adds the partials): the step's choices for the 3B shape and more
  for (int ks : {2, 4, 8}) {
    check_gemv(STORE, 1, 2048, 2560, true, true, ks);
    check_gemv(RESID, 1, 2048, 2048, false, ks == 4, ks);
    check_gemv(RESID, 8, 11008, 2048, false, ks == 2, ks);
  }
  check_gemv(STORE, 13, 2048, 2560, true, true, 4);
  check_gemv(RESID, 32, 2048, 2048, false, false, 4);
  check_gemv(SILU, 8, 2048, 1376, true, true, 2);
  check_gemv(STORE, 5, 32, 64, true, true, 4);  // fewer chunks than splits: empty blocks add zeros
  // adapters through the first version's kernels too (FP32 models still take them)
  check_gemv(STORE, 3, 2048, 2560, true, true, 1, false);
  check_gemv(RESID, 8, 11008, 256, false, true, 1, false);
  check_gemv(SILU, 8, 2048, 1376, true, true, 1, false);
  check_gemv(RESID, 8, 11008, 2048, false, true);
  // the shrink in the projection's own grid (the step's default for FP16/BF16): every mode, 1-32 rows (1-4 row
  // groups of the mma: NT 1, 2 and 4), the 3B shape's K of 2,048 and 11,008, small shapes, rows without adapter
  for (int M : {1, 2, 8, 13, 32}) {
    check_gemv(STORE, M, 2048, 2560, true, true, 1, true, true);
    check_gemv(RESID, M, 2048, 2048, false, true, 1, true, true);
  }
  check_gemv(SILU, 1, 2048, 1376, true, true, 1, true, true);
  check_gemv(SILU, 8, 2048, 1376, true, true, 1, true, true);
  check_gemv(SILU, 32, 2048, 1376, true, true, 1, true, true);
  check_gemv(RESID, 8, 11008, 2048, false, true, 1, true, true);
  check_gemv(RESID, 3, 11008, 256, false, true, 1, true, true);
  check_gemv(STORE, 5, 32, 64, true, true, 1, true, true);
  // ranks of several 32-rank chunks and a last partial 8-rank slice (the split B·t's rank loop and element loads):
  // t staged (8 rows × 72 ≤ 1,024 floats) and read through L2 (32 rows), on both shrink paths
  check_gemv(STORE, 8, 2048, 2560, true, true, 1, true, true, 40, 72);
  check_gemv(SILU, 8, 2048, 1376, true, true, 1, true, true, 44, 72);
  check_gemv(RESID, 32, 2048, 2048, false, true, 1, true, true, 72, 44);
  check_gemv(SILU, 13, 2048, 1376, true, true, 1, true, false, 36, 64);
  check_gemv(RESID, 8, 11008, 2048, false, true, 2, true, false, 64, 20);
  check_gemv(HEAD, 1, 2048, 4000, true, false);
  check_gemv(HEAD, 8, 2048, 4000, true, false);
  check_attention(1, 16, 2, 128, 1160, false);
  check_attention(8, 16, 2, 128, 300, false);
  check_attention(3, 4, 2, 16, 40, true);
  check_attention(2, 4, 4, 8, 20, false);
  check_attention(2, 4, 2, 6, 20, true);            // 12-byte rows: the plain copies, not the 16-byte ones
  check_attention(1, 16, 2, 128, 1160, true, 16);   // 73 tiles over 64 blocks: blocks of two tiles
  check_attention(3, 16, 2, 128, 5000, false);      // long rows: several tiles a block
  check_attention(8, 16, 2, 128, 300, true, 128);
  check_attention(4, 8, 1, 64, 200, false, 32);
  check_attention(2, 16, 1, 64, 150, true);         // 16 query heads a KV head: the 16-bound build
  check_attention(1, 12, 1, 128, 700, false, 32);
  bool time = argc < 2 || std::string(argv[1]) != "--no-timing";
  if (time) {
    timing(1);
    timing(8);
  }
  printf("kernel checks %s\n", failed ? "FAILED" : "passed");
  return failed ? 1 : 0;
}
