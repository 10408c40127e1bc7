#!/usr/bin/env python3
"""Writes a realistic Autosana batch.completed payload of any size, for the parse and summarize
benchmarks: generate_payload.py GROUPS RUNS_PER_GROUP [--failed N] [--seed N] > payload.json
(1,000 groups x 100 runs is about 20 MB)."""
import argparse
import json
import random
import sys
import uuid


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("groups", type=int)
    parser.add_argument("runs", type=int)
    parser.add_argument("--failed", type=int, default=None, help="groups with a failing run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failed = args.failed if args.failed is not None else args.groups // 10
    failing = set(rng.sample(range(args.groups), min(failed, args.groups)))
    uid = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))
    groups = []
    for g in range(args.groups):
        runs = []
        bad = rng.randrange(args.runs) if g in failing and args.runs else -1
        for r in range(args.runs):
            runs.append({
                "name": f"Flow {g}.{r}: a returning user can complete step {r} of the {['login', 'checkout', 'search', 'profile'][r % 4]} journey on a slow network",
                "status": "failed" if r == bad else "passed",
                "url": f"https://autosana.ai/runs/flow/{uid()}",
            })
        groups.append({
            "name": f"Suite {g}",
            "status": "failed" if g in failing else "passed",
            "url": f"https://autosana.ai/runs/groups/{uid()}",
            "runs": runs,
        })
    payload = {
        "event": "batch.completed",
        "timestamp": "2025-01-31T12:34:56.789Z",
        "app": {"id": "com.example.myapp", "name": "My App", "platform": "android",
                "url": "https://storage.example.com/app_builds/my_app.apk"},
        "git": {"commit_sha": "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "branch": "main"},
        "summary": {"total_groups": args.groups, "passed_groups": args.groups - len(failing),
                    "failed_groups": len(failing)},
        "run_groups": groups,
    }
    json.dump(payload, sys.stdout, separators=(",", ":"), ensure_ascii=False)


if __name__ == "__main__":
    main()
