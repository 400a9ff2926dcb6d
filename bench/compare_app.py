"""Two checkouts of the service side by side, on loopback: alternating short wrk runs against each.

On a shared machine the load changes from one minute to the next; `make bench-app` run twice in a
row measures the load as much as the code. This starts gunicorn (the app's own config, `-w 2`) from
`--base` (another checkout, e.g. `git worktree add --detach /tmp/old-app main`) and from this one, on
two free 127.0.0.1 ports with 50 devices each, then runs wrk against one and then the other, order
flipped every round, `--rounds` times, and prints every run, the medians and new/base.

    python bench/compare_app.py --base /tmp/old-app --rounds 10 --seconds 3
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.app_load import BENCH_KEY, ROOT, free_port, run_wrk, seed, wait_ready

PATHS = {"list": "/api/devices?limit=50", "live": "/health/live"}


def start(root: Path, tmp: Path, name: str, extra: list[str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRUGAL_", "WEB_CONC"))} | {
        "FRUGAL_SQLITE_PATH": str(tmp / f"{name}.db"),
        "FRUGAL_API_KEY": BENCH_KEY,
        "WEB_CONCURRENCY": "2",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "app/gunicorn.conf.py",
        "-b",
        f"127.0.0.1:{port}",
        *extra,
    ]
    with (tmp / f"{name}.log").open("wb") as log:
        process = subprocess.Popen(
            [*command, "app.wsgi:app"], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_ready(base)
    seed(base, 50)
    return process, base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the checkout to compare against")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--base-args", default="", help="extra gunicorn arguments for the base, e.g. '-k gthread'"
    )
    parser.add_argument("--new-args", default="", help="extra gunicorn arguments for this checkout")
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 50 or not 1 <= args.seconds <= 30:
        parser.error("--rounds 1..50, --seconds 1..30 (the run is bounded)")
    with tempfile.TemporaryDirectory(prefix="frugal-compare-") as tmp:
        servers = {}
        try:
            for name, root, extra in (("base", args.base, args.base_args), ("new", ROOT, args.new_args)):
                servers[name] = start(root, Path(tmp), name, extra.split())
            results: dict[tuple[str, str], list[float]] = {}
            for target, path in PATHS.items():
                for process, base in servers.values():  # warm-up
                    run_wrk(base + path, 2, args.connections, 1, process.pid)
                for round_ in range(args.rounds):
                    order = ("base", "new") if round_ % 2 == 0 else ("new", "base")
                    line = []
                    for name in order:
                        process, base = servers[name]
                        result = run_wrk(base + path, args.seconds, args.connections, 1, process.pid)
                        results.setdefault((target, name), []).append(result.rps)
                        line.append(
                            f"{name} {result.rps:6.0f} req/s p99 {result.p99_ms:6.1f} ms"
                            f" {result.cpu_us_per_request:5.0f} us CPU/req"
                        )
                    print(
                        f"{target} round {round_ + 1:2d} (load {os.getloadavg()[0]:.1f}): " + " | ".join(line)
                    )
            for target in PATHS:
                base_median = statistics.median(results[(target, "base")])
                new_median = statistics.median(results[(target, "new")])
                print(
                    f"{target}: median base {base_median:.0f} req/s, new {new_median:.0f} req/s,"
                    f" new/base {new_median / base_median:.2f}"
                )
        finally:
            for process, _ in servers.values():
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
