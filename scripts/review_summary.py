#!/usr/bin/env python3
"""Recompute the clinical review's summary from its judgments (python3 standard library only).

Reads every judgments-*.jsonl under the review round's folder (one folder per knowledge state: seed/, crawl/ ...)
with the answers-*.jsonl beside them, checks each judgment against the format of docs/eval/review/README.md, and
prints, per state and language (and per state and review group): mean answers_question, share scoring 2,
relevant / units, wrong / units, share of answers with any wrong unit, share emergency_ok, mean usefulness; and how
many answers show each failure pattern. An answer judged more than once counts as the mean of its judgments.

    python3 scripts/review_summary.py docs/eval/review/2026-12-07-baseline [--json] [--strict]
"""

import argparse
import glob
import json
import os
import sys
from collections import OrderedDict, defaultdict

FIELDS = ("id", "state", "answers_question", "units", "relevant", "wrong", "emergency_ok", "usefulness", "note",
          "per_unit")
LANG_ORDER = ("zh", "zh-Hant", "en")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield n, json.loads(line)
                except json.JSONDecodeError as e:
                    raise SystemExit(f"{path}:{n}: not JSON: {e}")


def check(path, n, j, answers, problems):
    """The judgment's problems (format, counts, unknown answer), appended to problems."""
    where = f"{os.path.relpath(path)}:{n}"
    missing = [f for f in FIELDS if f not in j]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
        return False
    if (j["state"], j["id"]) not in answers:
        problems.append(f"{where}: no answer {j['id']} in state {j['state']}")
        return False
    if j["answers_question"] not in (0, 1, 2):
        problems.append(f"{where}: answers_question must be 0, 1 or 2")
    if not (isinstance(j["usefulness"], (int, float)) and 1 <= j["usefulness"] <= 5):
        problems.append(f"{where}: usefulness must be 1-5")
    if not isinstance(j["emergency_ok"], bool):
        problems.append(f"{where}: emergency_ok must be true or false")
    units = j["per_unit"]
    if not isinstance(units, list):
        problems.append(f"{where}: per_unit must be a list")
        return False
    if len(units) != j["units"]:
        problems.append(f"{where}: units {j['units']} but per_unit has {len(units)}")
    for k in ("relevant", "wrong"):
        counted = sum(1 for u in units if u.get(k) is True)
        if counted != j[k]:
            problems.append(f"{where}: {k} {j[k]} but per_unit marks {counted}")
        if not 0 <= j[k] <= max(j["units"], 0):
            problems.append(f"{where}: {k} {j[k]} outside 0..units")
    for i, u in enumerate(units, 1):
        if u.get("wrong") is True and not str(u.get("why", "")).strip():
            problems.append(f"{where}: unit {i} is wrong without a why")
    expected = answers[(j["state"], j["id"])].get("units")
    if isinstance(expected, list) and len(expected) != len(units) and "split" not in j["note"].lower():
        problems.append(f"{where}: {len(units)} units judged, the answer has {len(expected)} "
                        f"(say 'split' in the note when the split was corrected)")
    return True


def load(root):
    answers = {}
    for path in sorted(glob.glob(os.path.join(root, "*", "answers-*.jsonl"))):
        for _, a in read_jsonl(path):
            answers[(a["state"], a["id"])] = a
    judged = defaultdict(list)
    problems = []
    files = sorted(glob.glob(os.path.join(root, "*", "judgments-*.jsonl")))
    for path in files:
        for n, j in read_jsonl(path):
            if check(path, n, j, answers, problems):
                judged[(j["state"], j["id"])].append(j)
    return answers, judged, problems, files


def per_answer(judgments):
    """One answer's figures: the mean of its judgments."""
    def mean(key, f=lambda v: v):
        return sum(f(j[key]) for j in judgments) / len(judgments)
    units = mean("units")
    patterns = set()
    for j in judgments:
        patterns.update(j.get("patterns", []))
    return {
        "answers_question": mean("answers_question"),
        "scores_2": mean("answers_question", lambda v: 1.0 if v == 2 else 0.0),
        "units": units,
        "relevant": mean("relevant"),
        "wrong": mean("wrong"),
        "any_wrong": mean("wrong", lambda v: 1.0 if v > 0 else 0.0),
        "emergency_ok": mean("emergency_ok", lambda v: 1.0 if v else 0.0),
        "usefulness": mean("usefulness"),
        "patterns": patterns,
        "judgments": len(judgments),
    }


def summarise(rows):
    n = len(rows)
    if n == 0:
        return None
    units = sum(r["units"] for r in rows)
    patterns = defaultdict(int)
    for r in rows:
        for p in r["patterns"]:
            patterns[p] += 1
    return OrderedDict([
        ("answers", n),
        ("judgments", sum(r["judgments"] for r in rows)),
        ("answers_question", sum(r["answers_question"] for r in rows) / n),
        ("share_2", sum(r["scores_2"] for r in rows) / n),
        ("relevant_per_unit", sum(r["relevant"] for r in rows) / units if units else 0.0),
        ("wrong_per_unit", sum(r["wrong"] for r in rows) / units if units else 0.0),
        ("any_wrong", sum(r["any_wrong"] for r in rows) / n),
        ("emergency_ok", sum(r["emergency_ok"] for r in rows) / n),
        ("usefulness", sum(r["usefulness"] for r in rows) / n),
        ("units", units),
        ("patterns", OrderedDict(sorted(patterns.items(), key=lambda kv: (-kv[1], kv[0])))),
    ])


def lang_key(lang):
    return LANG_ORDER.index(lang) if lang in LANG_ORDER else len(LANG_ORDER)


def build(answers, judged):
    by_state = defaultdict(list)
    for (state, aid), js in judged.items():
        a = answers[(state, aid)]
        row = per_answer(js)
        row["lang"] = a.get("lang", "?")
        row["group"] = a.get("group", "?")
        by_state[state].append(row)
    out = OrderedDict()
    for state in sorted(by_state, key=lambda s: (s != "seed", s)):
        rows = by_state[state]
        groups = OrderedDict([("all", summarise(rows))])
        for lang in sorted({r["lang"] for r in rows}, key=lang_key):
            groups["lang " + lang] = summarise([r for r in rows if r["lang"] == lang])
        for group in sorted({r["group"] for r in rows}):
            groups["group " + group] = summarise([r for r in rows if r["group"] == group])
        stroke = [r for r in rows if r["group"].startswith("stroke")]
        if stroke and len(stroke) < len(rows):
            groups["stroke items"] = summarise(stroke)
        total = sum(1 for k in answers if k[0] == state)
        out[state] = OrderedDict([("answers_in_dump", total), ("groups", groups)])
    return out


def markdown(summary):
    lines = []
    for state, s in summary.items():
        lines.append(f"### {state} ({s['groups']['all']['answers']} of {s['answers_in_dump']} answers judged)")
        lines.append("")
        lines.append("| group | answers | asked aspect (0-2) | scoring 2 | relevant / units | wrong / units "
                     "| answers with a wrong unit | emergency ok | usefulness (1-5) |")
        lines.append("|---|---|---|---|---|---|---|---|---|")
        for name, g in s["groups"].items():
            lines.append(f"| {name} | {g['answers']} | {g['answers_question']:.2f} | {g['share_2']:.0%} "
                         f"| {g['relevant_per_unit']:.0%} | {g['wrong_per_unit']:.1%} | {g['any_wrong']:.0%} "
                         f"| {g['emergency_ok']:.0%} | {g['usefulness']:.2f} |")
        lines.append("")
        patterns = s["groups"]["all"]["patterns"]
        if patterns:
            lines.append("Failure patterns (answers showing each): "
                         + "; ".join(f"{p} {c}" for p, c in patterns.items()))
            lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("round", help="a review round's folder, e.g. docs/eval/review/2026-12-07-baseline")
    ap.add_argument("--json", action="store_true", help="print JSON")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a judgment breaks the format")
    args = ap.parse_args()
    answers, judged, problems, files = load(args.round)
    if not answers:
        raise SystemExit(f"no answers-*.jsonl under {args.round}/<state>/")
    summary = build(answers, judged)
    if args.json:
        print(json.dumps({"round": args.round, "judgment_files": files, "problems": problems, "states": summary},
                         ensure_ascii=False, indent=1))
    else:
        print(f"{len(files)} judgment files, {sum(len(v) for v in judged.values())} judgments of "
              f"{len(judged)} answers\n")
        print(markdown(summary) if summary else "no judgments yet")
    for p in problems:
        print("problem: " + p, file=sys.stderr)
    return 1 if problems and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
