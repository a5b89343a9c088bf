#!/usr/bin/env python3
"""What prefill rate the card reaches at all, for issue 23's 6.5 x target (docs/gpu.md, "Session s9: prefill").
A random Qwen2.5-3B-shape model (FP16, hidden 2048, intermediate 11008, 36 layers, 16 / 2 heads, vocab 151936, tied
head), B = 1 and B = 8 prompts of 1,000 tokens, warm, best of 3, each part's memory freed before the next:
  eager:    a plain PyTorch Qwen2-style prefill: fused QKV and gate-up matmuls, RoPE as x*cos + rotate_half(x)*sin,
            F.scaled_dot_product_attention (causal; flash where it applies), the head on each prompt's last position
  compiled: the same layer function under torch.compile (default mode, static shapes); an error line if it fails
  attention: the attention alone, 36 layers: SDPA (GQA, and on expanded k/v) against the engine's unfused way
  gemm:     the floor: only a layer's four matmuls at M = B x 1,000 (cuBLAS FP16), chained over 36 layers
Prints one JSON line per measurement (tok/s, and TFLOP/s of the matmuls: 2 x 77.1 M weights a token and layer, the
attention's 4 x T x D x heads / 2 causal FLOPs a token and layer counted apart). Under 90 s on an H100."""
import gc, json, sys, time, torch, torch.nn as nn, torch.nn.functional as F

torch.manual_seed(0)
dev, dt = "cuda", torch.float16
H, L, NH, NKV, HD, I, V = 2048, 36, 16, 2, 128, 11008, 151936
P, REPEATS = 1000, 3
out = lambda **k: print(json.dumps(k), flush=True)
# FLOPs a token: the matmuls of one layer (qkv, o, gate-up, down) over all layers; the causal attention apart
GEMM_FLOP = 2 * L * (H * (NH + 2 * NKV) * HD + NH * HD * H + H * 2 * I + I * H)
ATTN_FLOP = L * 4 * NH * HD * (P + 1) / 2


def layer(x, cos, sin, n1, qkv_w, qkv_b, o_w, n2, gu_w, down_w):
    """One decoder layer over x (B, T, H): the eager part runs it as is, the compiled part under torch.compile
    (one compile serves all 36 layers: the weights are arguments)."""
    B, T, _ = x.shape
    h = F.rms_norm(x, (H,), n1, 1e-6)
    q, k, v = F.linear(h, qkv_w, qkv_b).split([NH * HD, NKV * HD, NKV * HD], -1)
    q = q.view(B, T, NH, HD).transpose(1, 2); k = k.view(B, T, NKV, HD).transpose(1, 2)
    v = v.view(B, T, NKV, HD).transpose(1, 2)

    def rope(t):
        t1, t2 = t[..., :HD // 2], t[..., HD // 2:]
        return t * cos + torch.cat((-t2, t1), -1) * sin
    q, k = rope(q), rope(k)
    # what a server's cache write costs: k and v copied once (the engine writes them into its cache)
    kc, vc = k.contiguous(), v.contiguous()
    a = F.scaled_dot_product_attention(q, kc, vc, is_causal=True, enable_gqa=True)
    x = x + F.linear(a.transpose(1, 2).reshape(B, T, NH * HD), o_w)
    g, u = F.linear(F.rms_norm(x, (H,), n2, 1e-6), gu_w).chunk(2, -1)
    return x + F.linear(F.silu(g) * u, down_w)


def weights():
    r = lambda *s: torch.randn(*s, device=dev, dtype=dt) * 0.02
    one = lambda: torch.ones(H, device=dev, dtype=dt)
    ws = [(one(), r((NH + 2 * NKV) * HD, H), r((NH + 2 * NKV) * HD), r(H, NH * HD), one(), r(2 * I, H), r(H, I))
          for _ in range(L)]
    inv = 1.0 / (1e6 ** (torch.arange(0, HD, 2, dtype=torch.float32) / HD))
    f = torch.outer(torch.arange(P, dtype=torch.float32), inv); f = torch.cat((f, f), -1)
    return r(V, H), ws, one(), f.cos().to(dev, dt), f.sin().to(dev, dt)


def prefill(fn, emb, ws, norm, cos, sin, tok):
    x = F.embedding(tok, emb)
    for w in ws:
        x = fn(x, cos, sin, *w)
    return F.linear(F.rms_norm(x[:, -1:], (H,), norm, 1e-6), emb).argmax(-1)


def best_of(fn, repeats=REPEATS):
    fn(); torch.cuda.synchronize()                     # warm: cuBLAS handles, autotuning, allocator blocks
    best = float("inf")
    for _ in range(repeats):
        torch.cuda.synchronize(); t = time.perf_counter(); fn(); torch.cuda.synchronize()
        best = min(best, time.perf_counter() - t)
    return best


def report(part, B, s, **extra):
    n = B * P
    out(part=part, batch=B, tokens=n, seconds=round(s, 5), tok_s=round(n / s),
        gemm_tflops=round(n * GEMM_FLOP / s / 1e12, 1),
        all_tflops=round(n * (GEMM_FLOP + ATTN_FLOP) / s / 1e12, 1), **extra)


def free():
    gc.collect(); torch.cuda.empty_cache()


def model_parts():
    emb, ws, norm, cos, sin = weights()
    with torch.inference_mode():
        for B in (1, 8):
            tok = torch.randint(0, V, (B, P), device=dev)
            report("eager", B, best_of(lambda: prefill(layer, emb, ws, norm, cos, sin, tok)))
        try:
            compiled = torch.compile(layer, dynamic=False)
            for B in (1, 8):
                tok = torch.randint(0, V, (B, P), device=dev)
                t0 = time.perf_counter()
                prefill(compiled, emb, ws, norm, cos, sin, tok); torch.cuda.synchronize()
                c = time.perf_counter() - t0
                report("compiled", B, best_of(lambda: prefill(compiled, emb, ws, norm, cos, sin, tok)),
                       compile_s=round(c, 1))
        except Exception as e:  # noqa: BLE001: the floor does not need the compiled figure
            out(part="compiled", error=f"{type(e).__name__}: {str(e)[:300]}")
    del emb, ws
    torch._dynamo.reset()
    free()


def gemm_floor():
    # one layer's weights, reused by all 36 (the floor is the matmuls' rate, not the weights' bytes)
    shapes = (((NH + 2 * NKV) * HD, H), (H, NH * HD), (2 * I, H), (H, I))
    w = [torch.randn(o, i, device=dev, dtype=dt) * 0.02 for o, i in shapes]
    with torch.inference_mode():
        for B in (1, 8):
            M = B * P
            x = torch.randn(M, H, device=dev, dtype=dt)
            a = torch.randn(M, NH * HD, device=dev, dtype=dt)
            m = torch.randn(M, I, device=dev, dtype=dt)

            def run():
                h = x
                for _ in range(L):
                    torch.mm(h, w[0].t()); h = torch.addmm(h, a, w[1].t())
                    torch.mm(h, w[2].t()); h = torch.addmm(h, m, w[3].t())
                return h
            report("gemm", B, best_of(run))
            # each matmul alone, 36 times, for where the time of a layer's four goes
            for name, (inp, wt) in zip(("qkv", "o", "gate_up", "down"), ((x, w[0]), (a, w[1]), (x, w[2]), (m, w[3]))):
                buf = torch.empty(M, wt.shape[0], device=dev, dtype=dt)
                s = best_of(lambda: [torch.mm(inp, wt.t(), out=buf) for _ in range(L)])
                out(part="gemm_op", batch=B, op=name, m=M, n=wt.shape[0], k=wt.shape[1], ms_36=round(s * 1e3, 3),
                    tflops=round(2 * M * wt.shape[0] * wt.shape[1] * L / s / 1e12, 1))
            del x, a, m
    del w
    free()


def attention_floor():
    # the attention alone (RoPE'd q, k, v given), 36 layers: flash SDPA against the engine's way (scores, mask, softmax)
    with torch.inference_mode():
        for B in (1, 8):
            q = torch.randn(B, NH, P, HD, device=dev, dtype=dt)
            k = torch.randn(B, NKV, P, HD, device=dev, dtype=dt); v = torch.randn_like(k)
            s = best_of(lambda: [F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
                                 for _ in range(L)])
            out(part="attention_sdpa", batch=B, ms_36=round(s * 1e3, 3),
                tflops=round(B * P * ATTN_FLOP / s / 1e12, 1))
            # k and v repeated per query head: the flash kernel whatever enable_gqa supports
            ke, ve = k.repeat_interleave(NH // NKV, 1), v.repeat_interleave(NH // NKV, 1)
            s = best_of(lambda: [F.scaled_dot_product_attention(q, ke, ve, is_causal=True) for _ in range(L)])
            out(part="attention_sdpa_expanded", batch=B, ms_36=round(s * 1e3, 3),
                tflops=round(B * P * ATTN_FLOP / s / 1e12, 1))
            del ke, ve
            mask = torch.full((P, P), float("-inf"), device=dev, dtype=dt).triu(1)
            G = NH // NKV

            def unfused():
                for _ in range(L):
                    qh = q.view(B * NKV, G * P, HD)
                    sc = torch.bmm(qh, k.view(B * NKV, P, HD).transpose(1, 2)) * HD ** -0.5
                    sc = (sc.view(B * NKV, G, P, P) + mask).view(B * NKV, G * P, P)
                    # FP16 in and out, float32 inside: as the engine's softmax (JniUtils.softmax with FP16)
                    torch.bmm(torch.softmax(sc, -1), v.view(B * NKV, P, HD))
            s = best_of(unfused)
            out(part="attention_unfused", batch=B, ms_36=round(s * 1e3, 3),
                tflops=round(B * P * ATTN_FLOP / s / 1e12, 1))
            del q, k, v, mask
    free()


if __name__ == "__main__":
    t0 = time.perf_counter()
    out(device=torch.cuda.get_device_name(), torch=torch.__version__, prompt=P, gemm_gflop_per_token=GEMM_FLOP / 1e9,
        attn_gflop_per_token=round(ATTN_FLOP / 1e9, 3))
    for part in (gemm_floor, attention_floor, model_parts):
        try:
            part()
        except Exception as e:  # noqa: BLE001: one part's failure leaves the others' figures
            out(part=part.__name__, error=f"{type(e).__name__}: {str(e)[:300]}")
            free()
    out(done=True, seconds=round(time.perf_counter() - t0, 1))
    sys.exit(0)
