#!/usr/bin/env python3
"""Renders a JMH JSON result file (-rf json) as the Markdown tables of benchmarks/README.md.

Usage: python3 benchmarks/render_results.py benchmarks/results/results.json
"""
import json
import sys


def fmt(x):
    if x is None or x != x:  # None or NaN
        return "n/a"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def alloc(metrics, key="gc.alloc.rate.norm"):
    m = metrics.get(key)
    return fmt(m["score"]) if m else "n/a"


def main(path):
    runs = json.load(open(path))
    rows = []
    for r in runs:
        name = r["benchmark"].rsplit(".", 2)
        cls, method = name[-2], name[-1]
        params = ", ".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
        p = r["primaryMetric"]
        sec = r.get("secondaryMetrics", {})
        if r.get("mode") == "avgt" and any(k in sec for k in ("select", "feedback")):
            # A @Group: report each member's own time per op; allocation is for the whole group.
            for member in ("select", "feedback"):
                if member in sec:
                    m = sec[member]
                    rows.append((cls, f"{method}:{member}", params, fmt(m["score"]), fmt(m["scoreError"]),
                                 m["scoreUnit"], alloc(sec) + " (group)"))
            continue
        rows.append((cls, method, params, fmt(p["score"]), fmt(p["scoreError"]), p["scoreUnit"], alloc(sec)))
    print("| Benchmark | Method | Parameters | Score | ± (99.9%) | Unit | gc.alloc.rate.norm (B/op) |")
    print("|---|---|---|---:|---:|---|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main(sys.argv[1])
