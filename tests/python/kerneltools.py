"""Shared helpers for the protocol tests: start a real kernel, run a cell, collect what it sent.

Everything here talks to a real kernel process through jupyter_client and pyzmq; nothing is
mocked. The kernel under test is named by the environment variable LMLAB_KERNEL (default
``lmlab``); ``LMLAB_KERNEL=python3`` runs the language-neutral parts against ipykernel, which
is how this suite was brought up before the Java kernel existed.
"""
from __future__ import annotations

import contextlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import zmq
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

KERNEL_NAME = os.environ.get("LMLAB_KERNEL", "lmlab")
#: True when the kernel under test is a Python kernel (development mode of this suite).
IS_PYTHON = KERNEL_NAME.startswith("python")
IS_JAVA = not IS_PYTHON

REPO = Path(__file__).resolve().parents[2]
LOG_DIR = REPO / "target" / "kernel-logs"

STARTUP_TIMEOUT = float(os.environ.get("LMLAB_STARTUP_TIMEOUT", "60"))


def java_only(reason: str = "needs the lmlab (Java) kernel"):
    """Marks a test that only makes sense against the Java kernel."""
    import pytest

    return pytest.mark.skipif(IS_PYTHON, reason=reason)


@dataclass
class CellRun:
    """Everything one execute_request produced, in arrival order."""

    code: str
    msg_id: str
    reply: dict[str, Any] | None = None
    iopub: list[dict[str, Any]] = field(default_factory=list)
    input_requests: list[dict[str, Any]] = field(default_factory=list)
    #: seconds from sending the request to receiving the execute_reply
    reply_after: float | None = None

    @property
    def status(self) -> str | None:
        return None if self.reply is None else self.reply["content"]["status"]

    @property
    def content(self) -> dict[str, Any]:
        assert self.reply is not None, "no execute_reply"
        return self.reply["content"]

    def of_type(self, *msg_types: str) -> list[dict[str, Any]]:
        return [m for m in self.iopub if m["msg_type"] in msg_types]

    def stream(self, name: str) -> str:
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == name)

    @property
    def stdout(self) -> str:
        return self.stream("stdout")

    @property
    def stderr(self) -> str:
        return self.stream("stderr")

    @property
    def result(self) -> dict[str, Any] | None:
        results = self.of_type("execute_result")
        assert len(results) <= 1, f"more than one execute_result: {results}"
        return results[0]["content"]["data"] if results else None

    @property
    def result_text(self) -> str | None:
        data = self.result
        return None if data is None else data.get("text/plain")

    @property
    def displays(self) -> list[dict[str, Any]]:
        return [m["content"] for m in self.of_type("display_data")]

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [m["content"] for m in self.of_type("error")]

    def all_text(self) -> str:
        """Streams, result text and error name/value/traceback joined: for 'says X somewhere' checks."""
        parts = [self.stdout, self.stderr]
        if self.result_text:
            parts.append(self.result_text)
        for d in self.displays:
            parts.append(str(d["data"].get("text/plain", "")))
        for e in self.errors + ([self.content] if self.reply and self.status == "error" else []):
            parts.append(str(e.get("ename", "")))
            parts.append(str(e.get("evalue", "")))
            parts.extend(strip_ansi(t) for t in e.get("traceback", []))
        return "\n".join(parts)

    def describe(self) -> str:
        """A readable dump for assertion messages."""
        code = self.code if len(self.code) <= 400 else self.code[:400] + f"... ({len(self.code)} chars)"
        lines = [f"code: {code!r}", f"reply: {self.reply and self.reply['content']}"]
        for m in self.iopub:
            lines.append(f"  iopub {m['msg_type']}: {m['content']}")
        for m in self.input_requests:
            lines.append(f"  stdin {m['msg_type']}: {m['content']}")
        return "\n".join(lines)


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def _socket(channel: Any) -> zmq.Socket:
    return channel.socket


def run_cell(
    kc: BlockingKernelClient,
    code: str,
    timeout: float = 30,
    *,
    allow_stdin: bool = False,
    answer: Callable[[dict[str, Any]], str] | None = None,
    store_history: bool = True,
    silent: bool = False,
) -> CellRun:
    """Sends one execute_request and collects its reply, its IOPub output up to 'idle', and
    answers input_requests with ``answer(request)``. Raises TimeoutError with what arrived so
    far if the reply or the idle status does not come within ``timeout`` seconds."""
    msg_id = kc.execute(code, silent=silent, store_history=store_history, allow_stdin=allow_stdin)
    sent = time.monotonic()
    run = CellRun(code=code, msg_id=msg_id)
    collect_until_done(kc, run, sent, timeout, answer)
    return run


def collect_until_done(
    kc: BlockingKernelClient,
    run: CellRun,
    sent: float,
    timeout: float,
    answer: Callable[[dict[str, Any]], str] | None = None,
) -> None:
    poller = zmq.Poller()
    shell, iopub, stdin = (_socket(kc.shell_channel), _socket(kc.iopub_channel), _socket(kc.stdin_channel))
    for s in (shell, iopub, stdin):
        poller.register(s, zmq.POLLIN)
    idle = False
    deadline = sent + timeout
    while run.reply is None or not idle:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"cell did not finish within {timeout} s\n{run.describe()}")
        ready = dict(poller.poll(min(left, 0.5) * 1000))
        if shell in ready:
            msg = kc.shell_channel.get_msg(timeout=0)
            if msg["parent_header"].get("msg_id") == run.msg_id:
                run.reply = msg
                run.reply_after = time.monotonic() - sent
        if stdin in ready:
            msg = kc.stdin_channel.get_msg(timeout=0)
            if msg["msg_type"] == "input_request":
                run.input_requests.append(msg)
                kc.input(answer(msg) if answer else "")
        if iopub in ready:
            msg = kc.iopub_channel.get_msg(timeout=0)
            if msg["parent_header"].get("msg_id") != run.msg_id:
                continue
            if msg["msg_type"] == "status":
                if msg["content"]["execution_state"] == "idle":
                    idle = True
                continue
            if msg["msg_type"] == "execute_input":
                continue
            run.iopub.append(msg)


def drain(kc: BlockingKernelClient, wait: float = 0.2) -> None:
    """Discards whatever is queued on shell, IOPub and stdin."""
    for channel in (kc.shell_channel, kc.iopub_channel, kc.stdin_channel):
        while True:
            try:
                channel.get_msg(timeout=wait)
            except Exception:
                break


def log_file_for(label: str) -> Path:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", label)[:120]
    return LOG_DIR / f"{safe}.log"


@contextlib.contextmanager
def started_kernel(
    label: str = "kernel", kernel_name: str = KERNEL_NAME, startup_timeout: float = STARTUP_TIMEOUT,
    **manager_args: Any,
) -> Iterator[tuple[KernelManager, BlockingKernelClient]]:
    """Starts a kernel (its stdout/stderr go to target/kernel-logs/<label>.log), waits until it
    answers kernel_info, yields (manager, client), and always shuts it down."""
    km = KernelManager(kernel_name=kernel_name, **manager_args)
    log_path = log_file_for(label)
    log = open(log_path, "wb")
    kc = None
    try:
        km.start_kernel(stdout=log, stderr=log)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=startup_timeout)
        except RuntimeError as e:
            raise RuntimeError(f"{e}\n--- kernel log {log_path} ---\n{tail(log_path)}") from e
        yield km, kc
    finally:
        if kc is not None:
            kc.stop_channels()
        with contextlib.suppress(Exception):
            if km.has_kernel:
                km.shutdown_kernel(now=False)
        with contextlib.suppress(Exception):
            km.cleanup_resources()
        log.close()


def tail(path: Path, n: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"
