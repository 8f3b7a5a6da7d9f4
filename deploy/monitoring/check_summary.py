#!/usr/bin/env python3
"""Fails (exit 1) unless a facelfs run's summary.json says it is done; for schedulers' alert tasks.

    hdfs dfs -cat hdfs:///facelfs/nightly/2026-12-02/summary.json | check_summary.py
    check_summary.py /mnt/runs/2026-12-02/summary.json

Prints one line: status, rounds, best reward and candidate failures (docs/cluster.md, "Monitoring
a nightly run"). A missing or unreadable summary (the run never reached its output directory, or
is still going) is a failure too.
"""
import json
import sys


def main(argv):
    source = argv[1] if len(argv) > 1 else "-"
    try:
        text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()
        s = json.loads(text)
        status = s["status"]
    except (OSError, ValueError, KeyError) as e:
        print(f"facelfs summary: cannot read {source}: {e}")
        return 1
    c = s.get("candidates", {})
    r = s.get("rounds", {})
    print(f"facelfs {status}: {r.get('completed')}/{r.get('total')} rounds, best reward "
          f"{s.get('best', {}).get('reward')}, {c.get('failed')} of {c.get('total')} candidates failed, "
          f"{c.get('nonFinite')} non-finite" + (f"; {s['message']}" if s.get("message") else ""))
    return 0 if status == "done" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
