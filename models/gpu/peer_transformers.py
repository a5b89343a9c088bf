#!/usr/bin/env python3
"""The peer of `strokekg bench gpu`: the same model in Python transformers on the same GPU.

A randomly initialised Qwen2 of the Qwen2.5-3B shape (hidden 2048, 36 layers, 16 query / 2 KV heads, intermediate
11008, vocab 151936, tied embeddings) in FP16, made on the GPU, with a random PEFT LoRA (rank 32, alpha 64, every
linear layer but the head, B not zero so the adapter acts), kept separate as PEFT serves it and then merged. Measures
the prefill of a 1,000-token prompt, greedy decoding at batch 1 (a step loop with the KV cache, the token copied to the
host each step as a streaming server does; and model.generate), and at batch 8, next to the device-to-device copy
bandwidth and the host cost of one small torch operation. Prints a table; --out writes the figures as JSON.
"""
import argparse
import json
import time

import torch


def copy_bandwidth():
    x = torch.empty(1 << 29, dtype=torch.float16, device="cuda").uniform_(-1, 1)  # 1 GiB
    best = 0.0
    for r in range(4):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        for _ in range(10):
            y = x.clone()
            del y
        torch.cuda.synchronize()
        if r > 0:
            best = max(best, 10 * 2 * x.numel() * 2 / (time.perf_counter() - t0))
    del x
    return best


def op_micros():
    x = torch.randn(1, 2048, device="cuda", dtype=torch.float16)
    best = float("inf")
    for r in range(4):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        for _ in range(20000):
            x + x
        torch.cuda.synchronize()
        if r > 0:
            best = min(best, (time.perf_counter() - t0) / 20000 * 1e6)
    return best


def forward(model, ids, past=None, last_only=False):
    kwargs = {"input_ids": ids, "use_cache": True}
    if past is not None:
        kwargs["past_key_values"] = past
    if last_only:
        kwargs["logits_to_keep"] = 1
    try:
        return model(**kwargs)
    except TypeError:
        kwargs.pop("logits_to_keep", None)
        return model(**kwargs)


@torch.inference_mode()
def decode_run(model, vocab, batch, prefill, steps, seed):
    g = torch.Generator(device="cuda").manual_seed(seed)
    ids = torch.randint(0, vocab, (batch, prefill), device="cuda", generator=g)
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    out = forward(model, ids, last_only=True)
    tok = out.logits[:, -1].argmax(-1, keepdim=True)
    tok.cpu()
    prefill_s = time.perf_counter() - t0
    past = out.past_key_values
    for _ in range(3):  # warm-up steps
        out = forward(model, tok, past)
        past = out.past_key_values
        tok = out.logits[:, -1].argmax(-1, keepdim=True)
        tok.cpu()
    t0 = time.perf_counter()
    for _ in range(steps):
        out = forward(model, tok, past)
        past = out.past_key_values
        tok = out.logits[:, -1].argmax(-1, keepdim=True)
        tok.cpu()  # the id goes to the host each step, as for streaming
    dt = time.perf_counter() - t0
    return prefill_s, batch * steps / dt


@torch.inference_mode()
def generate_run(model, vocab, prefill, steps, prefill_s):
    g = torch.Generator(device="cuda").manual_seed(11)
    ids = torch.randint(0, vocab, (1, prefill), device="cuda", generator=g)
    mask = torch.ones_like(ids)
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    out = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=steps, min_new_tokens=steps,
                         do_sample=False, pad_token_id=0)
    torch.cuda.synchronize()
    dt = time.perf_counter() - t0
    assert out.shape[1] == prefill + steps, out.shape
    return steps / (dt - prefill_s)


def measure(name, model, vocab, a, res):
    b1 = [decode_run(model, vocab, 1, a.prefill_tokens, a.decode_tokens, 7 + r) for r in range(a.repeats)]
    prefill_s = min(p for p, _ in b1)
    tps1 = max(t for _, t in b1)
    res[name] = {"prefill_s": prefill_s, "decode_b1_tok_s": tps1}
    print(f"{name:14s} prefill {a.prefill_tokens} tokens {prefill_s:.3f} s; batch 1 decode {tps1:.1f} tok/s", flush=True)
    try:
        gen = generate_run(model, vocab, a.prefill_tokens, a.decode_tokens, prefill_s)
        res[name]["generate_b1_tok_s"] = gen
        print(f"{name:14s} model.generate batch 1: {gen:.1f} tok/s (prefill time taken out)", flush=True)
    except Exception as e:  # the step loop above is the figure; generate is extra
        print(f"{name:14s} model.generate failed: {e!r}", flush=True)
    _, tps8 = decode_run(model, vocab, a.batch, a.prefill_tokens, a.decode_tokens, 99)
    res[name][f"decode_b{a.batch}_total_tok_s"] = tps8
    print(f"{name:14s} batch {a.batch} decode {tps8:.1f} tok/s in all ({tps8 / tps1:.2f}x batch 1)", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", type=int, default=36)
    ap.add_argument("--lora-rank", type=int, default=32)
    ap.add_argument("--prefill-tokens", type=int, default=1000)
    ap.add_argument("--decode-tokens", type=int, default=128)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--out")
    a = ap.parse_args()
    import peft
    import transformers
    from transformers import Qwen2Config, Qwen2ForCausalLM

    res = {"torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__,
           "gpu": torch.cuda.get_device_name(0), "args": vars(a)}
    res["copy_bytes_per_s"] = copy_bandwidth()
    res["op_us"] = op_micros()
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, peft {peft.__version__}, "
          f"{res['gpu']}", flush=True)
    print(f"copy bandwidth {res['copy_bytes_per_s'] / 1e9:.0f} GB/s (read + write); small op {res['op_us']:.2f} us "
          f"from Python", flush=True)

    cfg = Qwen2Config(vocab_size=151936, hidden_size=2048, intermediate_size=11008, num_hidden_layers=a.layers,
                      num_attention_heads=16, num_key_value_heads=2, max_position_embeddings=32768,
                      rms_norm_eps=1e-6, tie_word_embeddings=True, use_cache=True)
    torch.manual_seed(0)
    t0 = time.perf_counter()
    with torch.device("cuda"):
        model = Qwen2ForCausalLM(cfg)
    model = model.to(torch.float16).eval()
    res["attn_implementation"] = getattr(model.config, "_attn_implementation", None)
    weights = sum(p.numel() for p in model.parameters())
    per_token = weights * 2  # the tied head reads the embedding matrix; the lookup one row
    res["parameters"] = weights
    res["bound_tok_s"] = res["copy_bytes_per_s"] / per_token
    print(f"model: {weights:,} parameters, FP16, attention {res['attn_implementation']}, made in "
          f"{time.perf_counter() - t0:.1f} s; bound {res['bound_tok_s']:.0f} tok/s", flush=True)

    lcfg = peft.LoraConfig(r=a.lora_rank, lora_alpha=2 * a.lora_rank, target_modules="all-linear",
                           init_lora_weights=False, lora_dropout=0.0)
    try:
        pm = peft.get_peft_model(model, lcfg, autocast_adapter_dtype=False)
    except TypeError:
        pm = peft.get_peft_model(model, lcfg)
    pm = pm.to(torch.float16).eval()  # adapters in FP16 like the base (PEFT may make them FP32)
    measure("LoRA separate", pm, cfg.vocab_size, a, res)
    merged = pm.merge_and_unload().eval()
    measure("LoRA merged", merged, cfg.vocab_size, a, res)
    res["peak_memory_bytes"] = torch.cuda.max_memory_allocated()
    if a.out:
        with open(a.out, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
