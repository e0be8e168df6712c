#!/usr/bin/env python3
"""Kernel start-up and execute round trip: lmlab next to ipykernel, in the same run.

Two measures per kernel, through jupyter_client exactly as a front end talks to a kernel:

* start: from KernelManager.start_kernel() to the first kernel_info_reply on the shell
  channel (the median of --starts fresh kernels, each shut down afterwards);
* round trip: from sending execute_request for ``1+1`` to receiving its execute_reply (the
  median of --runs requests on one warm kernel, after --warmup untimed ones; between requests
  the client waits for the kernel's 'idle' so runs do not overlap).

Prints a markdown table with the ratio lmlab/ipykernel; --write-docs puts it, with the command
line and machine facts, into docs/benchmarks.md under "Kernel start and round trip".

    .venv/bin/python bench/kernel_bench.py [--starts 10] [--runs 200] [--write-docs]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "Kernel start and round trip"


@dataclass
class Result:
    kernel: str
    display_name: str
    starts: list[float]
    round_trips: list[float]

    @staticmethod
    def p(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def time_start(kernel: str, timeout: float) -> float:
    """Seconds from start_kernel() to the first kernel_info_reply."""
    km = KernelManager(kernel_name=kernel)
    t0 = time.perf_counter()
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        deadline = t0 + timeout
        msg_id = kc.kernel_info()
        last_sent = time.perf_counter()
        while True:
            now = time.perf_counter()
            if now > deadline:
                raise TimeoutError(f"{kernel}: no kernel_info_reply within {timeout} s")
            if now - last_sent > 2:  # a request sent before the socket was up may be lost: ask again
                msg_id = kc.kernel_info()
                last_sent = now
            try:
                reply = kc.get_shell_msg(timeout=0.05)
            except Empty:
                continue
            if reply["msg_type"] == "kernel_info_reply":
                return time.perf_counter() - t0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def wait_idle(kc, msg_id: str, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=timeout)
        except Empty:
            break
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return
    raise TimeoutError("no idle status")


def time_round_trips(kernel: str, runs: int, warmup: int, timeout: float) -> list[float]:
    km = KernelManager(kernel_name=kernel)
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        times = []
        for i in range(warmup + runs):
            t0 = time.perf_counter()
            msg_id = kc.execute("1+1")
            while True:
                reply = kc.get_shell_msg(timeout=timeout)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            elapsed = time.perf_counter() - t0
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"{kernel}: 1+1 failed: {reply['content']}")
            wait_idle(kc, msg_id, timeout)
            if i >= warmup:
                times.append(elapsed)
        return times
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def measure(kernel: str, starts: int, runs: int, warmup: int, timeout: float) -> Result:
    spec = KernelSpecManager().get_kernel_spec(kernel)
    print(f"{kernel}: {starts} starts ...", file=sys.stderr, flush=True)
    start_times = [time_start(kernel, timeout) for _ in range(starts)]
    print(f"{kernel}: {warmup} + {runs} round trips ...", file=sys.stderr, flush=True)
    return Result(kernel, spec.display_name, start_times, time_round_trips(kernel, runs, warmup, timeout))


def table(a: Result, b: Result, starts: int, runs: int) -> str:
    def ms(x: float) -> str:
        return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"

    rows = [
        (f"start → first kernel_info reply (median of {starts})", statistics.median(a.starts), statistics.median(b.starts),
         f"{min(a.starts) * 1000:.0f}–{max(a.starts) * 1000:.0f} ms", f"{min(b.starts) * 1000:.0f}–{max(b.starts) * 1000:.0f} ms"),
        (f"`1+1` execute_request → execute_reply (median of {runs})", statistics.median(a.round_trips),
         statistics.median(b.round_trips), f"p90 {ms(Result.p(a.round_trips, 0.9))}", f"p90 {ms(Result.p(b.round_trips, 0.9))}"),
    ]
    out = [f"| measure | {a.display_name} (`{a.kernel}`) | {b.display_name} (`{b.kernel}`) | ratio {a.kernel}/{b.kernel} |",
           "|---|---:|---:|---:|"]
    for name, va, vb, spread_a, spread_b in rows:
        out.append(f"| {name} | {ms(va)} ({spread_a}) | {ms(vb)} ({spread_b}) | {va / vb:.2f}× |")
    return "\n".join(out)


def java_version(kernel: str) -> str:
    """The version of the java the kernelspec launches (its argv[0] when that is a java binary)."""
    java = "java"
    try:
        argv0 = KernelSpecManager().get_kernel_spec(kernel).argv[0]
        if Path(argv0).name == "java":
            java = argv0
    except Exception:  # noqa: BLE001 - facts are best effort
        pass
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
        return (proc.stderr or proc.stdout).splitlines()[0].strip()
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "unknown"


def machine_facts(kernel: str) -> str:
    import jupyter_client

    cpu = platform.processor() or platform.machine()
    try:
        model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = model.group(1).strip() if model else cpu
    except OSError:
        pass
    return "\n".join([
        f"- date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}",
        f"- JDK: {java_version(kernel)}",
        f"- Python {platform.python_version()}, jupyter_client {jupyter_client.__version__}",
    ])


def write_docs(markdown: str, path: Path) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    section = f"## {SECTION}\n\n{markdown.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kernel", default="lmlab", help="kernel under test (default lmlab)")
    parser.add_argument("--baseline", default="python3", help="reference kernel (default python3 = ipykernel)")
    parser.add_argument("--starts", type=int, default=10, help="kernel starts per kernel (default 10)")
    parser.add_argument("--runs", type=int, default=200, help="timed 1+1 round trips (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed round trips first (default 20)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for any reply (default 120)")
    parser.add_argument("--write-docs", nargs="?", const=str(DOCS), metavar="PATH",
                        help=f"write the section into PATH (default {DOCS.relative_to(ROOT)})")
    args = parser.parse_args(argv)

    results = [measure(k, args.starts, args.runs, args.warmup, args.timeout) for k in (args.kernel, args.baseline)]
    command = "python bench/kernel_bench.py " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    body = "\n\n".join([
        table(results[0], results[1], args.starts, args.runs),
        f"Measured with `{command.strip()}` (both kernels in the same run, through jupyter_client; start = "
        "`KernelManager.start_kernel()` to the first `kernel_info_reply`; round trip = `execute_request` sent to "
        "`execute_reply` received, after warm-up, waiting for `idle` between requests).",
        machine_facts(args.kernel),
    ])
    print(body)
    if args.write_docs:
        write_docs(body, Path(args.write_docs))
        print(f"\nwritten to {args.write_docs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
