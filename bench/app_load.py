"""Bounded load test of the service on loopback: `make bench-app`.

Starts gunicorn (`-w 2` by default, the app's own gunicorn.conf.py) on a free 127.0.0.1 port with a
fresh SQLite file holding 50 devices, runs Debian's `wrk` against `GET /api/devices?limit=50` and
`GET /health/live` for a fixed time each, and prints req/s, p50 and p99 against the goals in issue 2.
Exits 1 if a goal is missed, so it can gate a change.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_KEY = "bench-key-0123456789abcdef"


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    min_rps: float
    max_p99_ms: float | None


TARGETS = (
    Target("list 50 devices", "/api/devices?limit=50", 1500, 25.0),
    Target("health/live", "/health/live", 4000, None),
)


@dataclass(frozen=True)
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    cpu_us_per_request: float = 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(base: str, deadline_s: float = 20) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(base + "/health/ready", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn did not become ready at {base}")


def seed(base: str, count: int) -> None:
    for n in range(count):
        body = json.dumps(
            {"id": f"dev-{n:03d}", "name": f"Device {n}", "location": f"rack-{n % 5}", "status": "active"}
        ).encode()
        request = urllib.request.Request(
            base + "/api/devices",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "X-API-Key": BENCH_KEY},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            if response.status != 201:
                raise SystemExit(f"seeding failed: HTTP {response.status}")


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * _UNIT_MS[match.group(2)]


def parse_wrk(output: str) -> Result:
    """Read req/s and the 50%/99% latency lines of `wrk --latency`."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    if not (rps and p50 and p99):
        raise ValueError("could not read wrk's output:\n" + output)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non2xx.group(1)) if non2xx else 0
    requests = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    return Result(
        float(rps.group(1)),
        _ms(p50.group(1)),
        _ms(p99.group(1)),
        errors,
        int(requests.group(1)) if requests else 0,
    )


def server_cpu_seconds(master_pid: int) -> float:
    """user+system CPU of the gunicorn master and its workers, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        pid, ppid = int(stat.parent.name), int(fields[1])
        if master_pid in (pid, ppid):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def run_wrk(url: str, seconds: int, connections: int, threads: int, master_pid: int) -> Result:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    cpu_before = server_cpu_seconds(master_pid)
    output = subprocess.run(command, check=True, capture_output=True, text=True, timeout=seconds + 30).stdout
    cpu_used = server_cpu_seconds(master_pid) - cpu_before
    result = parse_wrk(output)
    per_request = cpu_used / result.requests * 1e6 if result.requests else 0.0
    return Result(**{**result.__dict__, "cpu_us_per_request": per_request})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="duration per target (default 10)")
    parser.add_argument(
        "--connections", type=int, default=8, help="wrk connections (default 8: 2 workers x 4 threads)"
    )
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--worker-class", default=None, help="override the config's worker class")
    parser.add_argument("--threads-per-worker", type=int, default=None, help="override the config's threads")
    parser.add_argument(
        "--access-log",
        choices=("on", "off"),
        default="on",
        help="FRUGAL_ACCESS_LOG for the server (default on)",
    )
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="run bench/bare_app.py (bare Flask + sqlite3) instead, to compare",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 120:
        parser.error("--seconds must be 1..120 (the test is bounded)")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `make bench-app` installs it (apt-get install wrk)")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="frugal-bench-") as tmp:
        env = os.environ | {
            "FRUGAL_STORAGE": "sqlite",
            "FRUGAL_SQLITE_PATH": str(Path(tmp) / "bench.db"),
            "FRUGAL_API_KEY": BENCH_KEY,
            "WEB_CONCURRENCY": str(args.workers),
            "FRUGAL_ACCESS_LOG": args.access_log,
        }
        command = [
            sys.executable, "-m", "gunicorn", "-c", "app/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
            "app.wsgi:app",
        ]  # fmt: skip
        if args.baseline:
            command[-1] = "bench.bare_app:app"
        if args.worker_class:
            command += ["--worker-class", args.worker_class]
        if args.threads_per_worker or args.worker_class == "sync":
            # gunicorn silently runs gthread when the sync class is asked for with threads > 1.
            command += ["--threads", str(args.threads_per_worker or 1)]
        log_path = Path(tmp) / "gunicorn.log"
        with log_path.open("wb") as log:
            # Logs go to a file: a terminal would be the bottleneck, not the service.
            server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_ready(base)
            if not args.baseline:
                seed(base, 50)
            worker_class = args.worker_class or "config default"
            subject = "BASELINE bare Flask + sqlite3" if args.baseline else "frugal app"
            print(
                f"{subject}: gunicorn -w {args.workers} "
                f"({worker_class}, access log {args.access_log}), "
                f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s, "
                f"50 devices in SQLite, load average before: {os.getloadavg()[0]:.2f}"
            )
            print(
                f"{'target':<18}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'CPU us/req':>12}  goal"
            )
            missed = []
            for target in TARGETS:
                run_wrk(base + target.path, 2, args.connections, args.threads, server.pid)  # warm-up
                result = run_wrk(base + target.path, args.seconds, args.connections, args.threads, server.pid)
                ok = result.rps >= target.min_rps and result.errors == 0
                goal = f">= {target.min_rps:.0f} req/s"
                if target.max_p99_ms is not None:
                    ok = ok and result.p99_ms <= target.max_p99_ms
                    goal += f", p99 <= {target.max_p99_ms:.0f} ms"
                print(
                    f"{target.name:<18}{result.rps:>10.0f}{result.p50_ms:>9.2f}{result.p99_ms:>9.2f}"
                    f"{result.errors:>8}{result.cpu_us_per_request:>12.0f}  "
                    f"{goal}: {'met' if ok else 'MISSED'}"
                )
                if not ok:
                    missed.append(target.name)
            print(
                "CPU us/req: gunicorn's own CPU time (master + workers) per request. It depends far less\n"
                "than req/s on what else runs on the machine; 2 cores / that figure bounds the req/s."
            )
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    if missed:
        print("goal missed: " + ", ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
