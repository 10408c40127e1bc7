#!/usr/bin/env python3
"""Writes a folder of Autosana batch.completed deliveries, one file per batch, for the history
benchmark: generate_history.py DIR [--batches N] [--groups G] [--runs R] [--seed N], or with
--stream instead of DIR, one compact payload per line on standard output (for store import -).
With the defaults (10,000 batches of 10 groups x 10 runs, written indented as a server's JSON
library would) each file is about 20 KB. Most flows pass; a few fail now and then (flaky), one
turns red for good at 90% of the way, and about one batch in eight is on a feature branch."""
import argparse
import json
import os
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dir", nargs="?")
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--batches", type=int, default=10000)
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if bool(args.dir) == args.stream:
        parser.error("give a folder or --stream")
    rng = random.Random(args.seed)
    uid = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))
    journeys = ["login", "checkout", "search", "profile"]
    flows = [(g, r) for g in range(args.groups) for r in range(args.runs)]
    flaky = set(rng.sample(flows, min(5, len(flows))))
    red = flows[len(flows) // 2]
    red_from = args.batches * 9 // 10
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    if args.dir:
        os.makedirs(args.dir, exist_ok=True)
    out = sys.stdout
    for b in range(args.batches):
        failing_groups = 0
        groups = []
        for g in range(args.groups):
            runs = []
            for r in range(args.runs):
                failed = ((g, r) in flaky and rng.random() < 0.2) or ((g, r) == red and b >= red_from)
                runs.append({
                    "name": f"Flow {g}.{r}: {journeys[r % 4]} step {r}",
                    "status": "failed" if failed else "passed",
                    "url": f"https://autosana.ai/runs/flow/{uid()}",
                })
            status = "failed" if any(run["status"] == "failed" for run in runs) else "passed"
            failing_groups += status == "failed"
            groups.append({"name": f"Suite {g}", "status": status,
                           "url": f"https://autosana.ai/runs/groups/{uid()}", "runs": runs})
        payload = {
            "event": "batch.completed",
            "timestamp": (start + timedelta(minutes=30 * b)).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "app": {"id": "com.example.myapp", "name": "My App", "platform": "android",
                    "url": "https://storage.example.com/app_builds/my_app.apk"},
            "git": {"commit_sha": f"{rng.getrandbits(160):040x}",
                    "branch": "main" if rng.random() < 0.875 else f"feature/{rng.randrange(20)}"},
            "summary": {"total_groups": args.groups, "passed_groups": args.groups - failing_groups,
                        "failed_groups": failing_groups},
            "run_groups": groups,
        }
        if args.stream:
            out.write(json.dumps(payload, separators=(",", ":")) + "\n")
            continue
        with open(os.path.join(args.dir, f"batch-{b:05d}.json"), "w", encoding="utf-8") as f:
            json.dump(payload, f, indent=2)


if __name__ == "__main__":
    main()
