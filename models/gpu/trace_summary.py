#!/usr/bin/env python3
"""Summarises a libtorch profiler trace (Chrome trace JSON, as DJL's JniUtils.stopProfile writes it): per operator
name, how many top-level calls (not nested in another operator) and their host time, and the share of the traced
span that no operator covers (the caller's own time: Java, JNI and DJL's bookkeeping)."""
import json
import sys
from collections import defaultdict


def main(path, steps=3):
    with open(path) as f:
        events = json.load(f)
    if isinstance(events, dict):
        events = events.get("traceEvents", [])
    xs = [e for e in events if e.get("ph") == "X" and "dur" in e]
    by_thread = defaultdict(list)
    for e in xs:
        by_thread[e.get("tid")].append(e)
    stats = defaultdict(lambda: [0, 0.0])
    covered = 0.0
    span_lo, span_hi = float("inf"), 0.0
    for tid, evs in by_thread.items():
        evs.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        end = -1.0
        for e in evs:
            ts, dur = float(e["ts"]), float(e["dur"])
            if ts >= end:  # top level on this thread
                stats[e["name"]][0] += 1
                stats[e["name"]][1] += dur
                covered += dur
                end = ts + dur
                span_lo, span_hi = min(span_lo, ts), max(span_hi, ts + dur)
    span = span_hi - span_lo
    print(f"{len(xs)} events; traced span {span / 1000:.2f} ms for {steps} steps; top-level operators cover "
          f"{covered / 1000:.2f} ms; uncovered (caller: Java, JNI, DJL) {(span - covered) / 1000:.2f} ms")
    print(f"{'operator':40s} {'calls/step':>10s} {'us/call':>8s} {'ms/step':>8s}")
    for name, (n, t) in sorted(stats.items(), key=lambda kv: -kv[1][1])[:30]:
        print(f"{name[:40]:40s} {n / steps:10.0f} {t / n:8.2f} {t / steps / 1000:8.3f}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
