#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Renders a JMH JSON result file (-rf json) as the Markdown tables of benchmarks/README.md.

Usage: python3 benchmarks/render_results.py benchmarks/results/<file>.json

Prints the results table (score, 99.9% error, allocation per op) and the targets of issue #6 checked
against it. "0 B/op" means below 0.05 B/op: -prof gc reports a few thousandths of a byte per op of JMH's own
bookkeeping even for code that never allocates, while one real allocation per op is at least 16 B.
"""
import json
import sys


def fmt(x):
    if isinstance(x, str):  # JMH writes "NaN" for the error of a single iteration
        x = float(x)
    if x is None or x != x:  # None or NaN
        return "n/a"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 0.01 or x == 0:
        return f"{x:.2f}"
    return "≈ 0"


# Secondary metrics with undotted names that come from profilers, not from the members of a @Group.
PROFILER_METRICS = {"stack"}


def alloc(sec):
    m = sec.get("gc.alloc.rate.norm")
    return m["score"] if m else None


def rows_of(runs):
    rows = []
    for r in runs:
        cls, method = r["benchmark"].rsplit(".", 2)[-2:]
        params = dict(r.get("params") or {})
        sec = r.get("secondaryMetrics", {})
        # A @Group reports each member method as a secondary metric named after it (profilers' metrics have
        # dotted names such as gc.alloc.rate.norm); each member's own time per op, allocation per op of the group.
        # Reverse name order puts the dataplanes (select...) before the feedback thread (feedback...).
        members = sorted((k for k in sec if k.isidentifier() and k not in PROFILER_METRICS), reverse=True)
        if members:
            for member in members:
                m = sec[member]
                rows.append(dict(cls=cls, method=f"{method}:{member}", params=params, score=m["score"],
                                 error=m["scoreError"], unit=m["scoreUnit"], alloc=alloc(sec), group=True))
            continue
        p = r["primaryMetric"]
        rows.append(dict(cls=cls, method=method, params=params, score=p["score"], error=p["scoreError"],
                         unit=p["scoreUnit"], alloc=alloc(sec), group=False))
    return rows


def find(rows, cls, method, **params):
    for row in rows:
        if row["cls"] == cls and row["method"] == method and all(
                row["params"].get(k) == v for k, v in params.items()):
            return row
    return None


def main(path):
    rows = rows_of(json.load(open(path)))
    print("| Benchmark | Parameters | Score | ± (99.9%) | Unit | gc.alloc.rate.norm (B/op) |")
    print("|---|---|---:|---:|---|---:|")
    for row in rows:
        params = ", ".join(f"{k}={v}" for k, v in row["params"].items())
        a = fmt(row["alloc"]) + (" (group)" if row["group"] else "")
        print(f"| {row['cls']}.{row['method']} | {params} | {fmt(row['score'])} | {fmt(row['error'])} "
              f"| {row['unit']} | {a} |")

    print()
    print("| Target | Measured | Met? |")
    print("|---|---|---|")
    ecn = {f: find(rows, "SelectSourcePortBenchmark", "selectSourcePort", flows=f, scheme="CLOVE_ECN")
           for f in ("1000", "100000", "1000000")}
    if ecn["100000"]:
        s, a = ecn["100000"]["score"], ecn["100000"]["alloc"]
        print(f"| CLOVE-ECN decision at 100k flows <= 25 ns/op | {fmt(s)} ns/op | "
              f"{'yes' if s <= 25 else f'no, {s / 25:.1f}x the budget'} |")
        print(f"| ... and 0 B/op | {fmt(a)} B/op | {'yes' if a is not None and a < 0.05 else 'no'} |")
    if ecn["1000"] and ecn["1000000"]:
        r = ecn["1000000"]["score"] / ecn["1000"]["score"]
        print(f"| CLOVE-ECN at 1M flows <= 2x its cost at 1k | {fmt(ecn['1000000']['score'])} / "
              f"{fmt(ecn['1000']['score'])} = {r:.2f}x | {'yes' if r <= 2 else 'no'} |")
    hm = find(rows, "FlowletTableBenchmark", "hashMapBaseline", flows="100000")
    ft = find(rows, "FlowletTableBenchmark", "flowletTable", flows="100000")
    if hm and ecn["100000"]:
        r = hm["score"] / ecn["100000"]["score"]
        print(f"| CLOVE-ECN decision at 100k >= 3x faster than the HashMap baseline | {fmt(hm['score'])} / "
              f"{fmt(ecn['100000']['score'])} = {r:.2f}x | {'yes' if r >= 3 else 'no'} |")
    if hm and ft:
        r = hm["score"] / ft["score"]
        print(f"| (like for like: FlowletTable vs HashMap at 100k, no target) | {fmt(hm['score'])} / "
              f"{fmt(ft['score'])} = {r:.2f}x | - |")
    fb = find(rows, "FeedbackBenchmark", "report", scheme="CLOVE_ECN")
    if fb:
        s, a = fb["score"], fb["alloc"]
        err = fmt(fb["error"])
        verdict = "yes" if s <= 100 else f"no, by {s - 100:.1f} ns (error ± {err})"
        print(f"| ECN report <= 100 ns | {fmt(s)} ns/op | {verdict} |")
        print(f"| ... and 0 B/op | {fmt(a)} B/op | {'yes' if a is not None and a < 0.05 else 'no'} |")


if __name__ == "__main__":
    main(sys.argv[1])
