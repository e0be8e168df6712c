"""Robustness of the wire layer: garbage on the shell and control sockets must not kill or wedge
the kernel, and a bad connection file must end the kernel with one clear message.

The fuzzer is seeded (LMLAB_FUZZ_SEED, default 20240917) and sends LMLAB_FUZZ_COUNT messages
(default 1200) over raw pyzmq DEALER sockets, then checks that a properly signed
kernel_info_request is still answered on both sockets and that a cell still runs.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import shutil
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Callable

import pytest
import zmq

from kerneltools import REPO, java_only, run_cell

SEED = int(os.environ.get("LMLAB_FUZZ_SEED", "20240917"))
COUNT = int(os.environ.get("LMLAB_FUZZ_COUNT", "1200"))
DELIM = b"<IDS|MSG>"

#: message types that are valid on shell/control but would change the kernel's state if sent
#: with a correct signature and plausible content; the fuzzer only sends them with broken content
STATEFUL = ("execute_request", "shutdown_request", "interrupt_request", "comm_open", "comm_msg", "comm_close")
KNOWN = ("kernel_info_request", "complete_request", "inspect_request", "is_complete_request",
         "history_request", "comm_info_request", "debug_request", "usage_request") + STATEFUL


class Signer:
    def __init__(self, key: bytes, scheme: str):
        algorithm = scheme.split("-", 1)[1] if scheme.startswith("hmac-") else "sha256"
        self.key = key
        self.digest = getattr(hashlib, algorithm)

    def sign(self, frames: list[bytes]) -> bytes:
        if not self.key:
            return b""
        h = hmac.new(self.key, digestmod=self.digest)
        for f in frames:
            h.update(f)
        return h.hexdigest().encode()


def header(msg_type: str, **extra: Any) -> dict[str, Any]:
    h = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "fuzz", "session": "fuzz-session",
         "date": "2024-09-17T12:00:00.000000Z", "version": "5.4"}
    h.update(extra)
    return h


def dumps(obj: Any) -> bytes:
    return json.dumps(obj).encode()


class Fuzzer:
    """Generates malformed multipart messages; each generator returns a list of frames."""

    def __init__(self, rng: random.Random, signer: Signer):
        self.rng = rng
        self.signer = signer
        self.huge_left = 6  # huge frames are slow to ship: a handful is enough
        self.generators: list[tuple[str, Callable[[], list[bytes]]]] = [
            ("random_frames", self.random_frames),
            ("missing_delimiter", self.missing_delimiter),
            ("bad_json_signed", self.bad_json_signed),
            ("bad_json_unsigned", self.bad_json_unsigned),
            ("bad_hmac", self.bad_hmac),
            ("unknown_type_signed", self.unknown_type_signed),
            ("wrong_shapes_signed", self.wrong_shapes_signed),
            ("bad_content_signed", self.bad_content_signed),
            ("too_few_frames", self.too_few_frames),
            ("empty", self.empty),
            ("huge", self.huge),
            ("non_utf8_signed", self.non_utf8_signed),
            ("deep_nesting_signed", self.deep_nesting_signed),
        ]

    def rbytes(self, n: int) -> bytes:
        return bytes(self.rng.getrandbits(8) for _ in range(n))

    def signed(self, parts: list[bytes], extra: list[bytes] | None = None) -> list[bytes]:
        return [DELIM, self.signer.sign(parts)] + parts + (extra or [])

    def valid_parts(self, msg_type: str, content: Any) -> list[bytes]:
        return [dumps(header(msg_type)), dumps({}), dumps({}), dumps(content)]

    def random_frames(self) -> list[bytes]:
        return [self.rbytes(self.rng.randint(0, 200)) for _ in range(self.rng.randint(1, 8))]

    def missing_delimiter(self) -> list[bytes]:
        parts = self.valid_parts("kernel_info_request", {})
        return [self.signer.sign(parts)] + parts

    def bad_json_signed(self) -> list[bytes]:
        junk = self.rng.choice([b"{", b"{\"msg_id\":", b"nul", b"[1,2", b"\"unterminated", b"{'single': 1}",
                                b"{\"a\":1}}", b"NaN", b"\x00\x01", b""])
        parts = self.valid_parts("kernel_info_request", {})
        parts[self.rng.randrange(4)] = junk
        return self.signed(parts)

    def bad_json_unsigned(self) -> list[bytes]:
        return [DELIM, self.rbytes(64).hex().encode()] + [self.rbytes(self.rng.randint(0, 40)) for _ in range(4)]

    def bad_hmac(self) -> list[bytes]:
        parts = self.valid_parts(self.rng.choice(KNOWN), {"code": "6*7"})
        good = self.signer.sign(parts)
        sig = self.rng.choice([
            b"", b"0" * len(good), good[:-1], good + b"0", good.upper(), b"not-hex-at-all",
            (bytes([good[0] ^ 1]) + good[1:]) if good else b"x",
        ])
        return [DELIM, sig] + parts

    def unknown_type_signed(self) -> list[bytes]:
        msg_type = self.rng.choice(["fuzz_request", "", "execute", "kernel_info_reply", "status",
                                    "x" * 300, "execute_request\x00", "ÜNICODE_request"])
        return self.signed(self.valid_parts(msg_type, {"whatever": self.rng.random()}))

    def wrong_shapes_signed(self) -> list[bytes]:
        variants = [
            [dumps([1, 2, 3]), dumps({}), dumps({}), dumps({})],                       # header is a list
            [dumps({"msg_type": "kernel_info_request"}), dumps({}), dumps({}), dumps({})],  # no msg_id
            [dumps({"msg_id": "x"}), dumps({}), dumps({}), dumps({})],                 # no msg_type
            [dumps(header(self.rng.choice(KNOWN))), dumps([]), dumps(None), dumps({})],  # parent/metadata
            [dumps(None), dumps(None), dumps(None), dumps(None)],
            [dumps("string"), dumps(1), dumps(True), dumps(2.5)],
            [dumps(header(1234)), dumps({}), dumps({}), dumps({})],                    # msg_type a number
            [dumps(header("kernel_info_request", session=None, msg_id=None)), dumps({}), dumps({}), dumps({})],
        ]
        return self.signed(self.rng.choice(variants))

    def bad_content_signed(self) -> list[bytes]:
        msg_type = self.rng.choice(KNOWN)
        content = self.rng.choice([
            [], None, "text", 42, {"code": 5}, {"code": None}, {"cursor_pos": "x", "code": "Strin"},
            {"code": "Strin", "cursor_pos": -5}, {"code": "Strin", "cursor_pos": 10 ** 12},
            {"code": "Math.max", "cursor_pos": 3, "detail_level": "lots"},
            {"hist_access_type": "range", "session": "x", "start": "y", "stop": None},
            {"hist_access_type": "search", "pattern": None, "n": -1},
            {"hist_access_type": "tail", "n": 10 ** 15},
            {"hist_access_type": "bogus"},
            {"target_name": 5}, {"comm_id": None, "data": "x"}, {"restart": "maybe"},
        ])
        if msg_type in STATEFUL and isinstance(content, dict):
            # a signed shutdown/interrupt/comm request with an object content is a real request,
            # and a string "code" would run: keep these malformed (non-object content, non-string code)
            content = {"code": self.rng.choice([5, None, [], {}])} if msg_type == "execute_request" else []
        return self.signed(self.valid_parts(msg_type, content))

    def too_few_frames(self) -> list[bytes]:
        parts = self.valid_parts("kernel_info_request", {})[: self.rng.randint(0, 3)]
        return [DELIM, self.signer.sign(parts)] + parts

    def empty(self) -> list[bytes]:
        return self.rng.choice([[b""], [DELIM], [DELIM, b""], [b"", b"", b""], [DELIM, b"", b"", b"", b"", b""]])

    def huge(self) -> list[bytes]:
        if self.huge_left <= 0:
            return self.random_frames()
        self.huge_left -= 1
        size = self.rng.choice([1, 4, 16]) * 1024 * 1024
        if self.rng.random() < 0.5:
            return [self.rbytes(64) * (size // 64)]
        blob = b"[" + b"1," * (size // 2) + b"1]"
        return self.signed(self.valid_parts("kernel_info_request", {})[:3] + [blob])

    def non_utf8_signed(self) -> list[bytes]:
        parts = self.valid_parts("complete_request", {"code": "x", "cursor_pos": 1})
        parts[self.rng.randrange(4)] = b"{\"code\": \"\xff\xfe\xc3\x28\"}"
        return self.signed(parts)

    def deep_nesting_signed(self) -> list[bytes]:
        depth = self.rng.choice([1000, 100000])
        blob = b"[" * depth + b"]" * depth
        parts = self.valid_parts("inspect_request", {})
        parts[self.rng.choice([0, 3])] = blob
        return self.signed(parts)

    def next(self) -> tuple[str, list[bytes]]:
        name, gen = self.rng.choice(self.generators)
        return name, gen()


def check_reply_signature(signer: Signer, frames: list[bytes]) -> None:
    i = frames.index(DELIM)
    sig, parts = frames[i + 1], frames[i + 2: i + 6]
    assert hmac.compare_digest(sig, signer.sign(parts)), "the kernel sent a reply with a bad signature"


def drain_socket(sock: zmq.Socket, signer: Signer, replies: list[list[bytes]]) -> None:
    while sock.poll(0):
        frames = sock.recv_multipart()
        check_reply_signature(signer, frames)
        replies.append(frames)


def kernel_info_roundtrip(sock: zmq.Socket, signer: Signer, timeout_s: float = 30,
                          others: list[list[bytes]] | None = None) -> dict[str, Any]:
    h = header("kernel_info_request")
    parts = [dumps(h), dumps({}), dumps({}), dumps({})]
    sock.send_multipart([DELIM, signer.sign(parts)] + parts)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not sock.poll(200):
            continue
        frames = sock.recv_multipart()
        check_reply_signature(signer, frames)
        i = frames.index(DELIM)
        parent = json.loads(frames[i + 3])
        if parent.get("msg_id") != h["msg_id"]:
            if others is not None:
                others.append(frames)
        else:
            hdr = json.loads(frames[i + 2])
            assert hdr["msg_type"] == "kernel_info_reply"
            return json.loads(frames[i + 5])
    raise AssertionError(f"no kernel_info_reply within {timeout_s} s after fuzzing")


@pytest.mark.timeout(240)
def test_fuzzed_messages_do_not_break_the_kernel(fresh_kernel):
    km, kc = fresh_kernel
    info = km.get_connection_info()
    signer = Signer(info["key"] if isinstance(info["key"], bytes) else info["key"].encode(),
                    info["signature_scheme"])
    ctx = zmq.Context.instance()
    url = f"{info['transport']}://{info['ip']}:%d"
    socks = {}
    for name in ("shell", "control"):
        s = ctx.socket(zmq.DEALER)
        s.setsockopt(zmq.LINGER, 0)
        s.setsockopt(zmq.SNDTIMEO, 10000)
        s.connect(url % info[f"{name}_port"])
        socks[name] = s
    rng = random.Random(SEED)
    fuzzer = Fuzzer(rng, signer)
    sent: dict[str, int] = {}
    replies: list[list[bytes]] = []
    try:
        for i in range(COUNT):
            target = "shell" if rng.random() < 0.6 else "control"
            kind, frames = fuzzer.next()
            socks[target].send_multipart(frames)
            sent[kind] = sent.get(kind, 0) + 1
            if i % 50 == 0:
                drain_socket(socks[target], signer, replies)
                assert km.is_alive(), f"kernel died after {i + 1} fuzz messages (last: {kind} on {target})"
        assert sum(sent.values()) >= 1000
        assert set(sent) == {name for name, _ in fuzzer.generators}, f"not every kind was sent: {sent}"
        for name in ("shell", "control"):
            content = kernel_info_roundtrip(socks[name], signer, others=replies)
            assert content["status"] == "ok", content
        for s in socks.values():
            drain_socket(s, signer, replies)
    finally:
        for s in socks.values():
            s.close(linger=0)
    assert km.is_alive()
    run = run_cell(kc, "6*7", timeout=30)
    assert run.status == "ok" and run.result_text == "42", run.describe()
    print(f"fuzz seed {SEED}: sent {sent}; {len(replies)} replies, all correctly signed")


# ---------------------------------------------------------------------------------------------
# bad connection files


def kernel_command(connection_file: Path) -> list[str]:
    launcher = REPO / "bin" / "lmlab"
    if launcher.exists():
        return [str(launcher), "kernel", str(connection_file)]
    return ["java", "-cp", str(REPO / "kernel" / "target" / "dist" / "lib" / "*"), "org.lmlab.kernel.Main",
            "kernel", str(connection_file)]


def free_tcp_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def good_connection() -> dict[str, Any]:
    ports = {name: free_tcp_port() for name in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
    return {**ports, "ip": "127.0.0.1", "transport": "tcp", "signature_scheme": "hmac-sha256",
            "key": uuid.uuid4().hex, "kernel_name": "lmlab"}


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def cases(tmp_path: Path) -> dict[str, Path]:
    missing_port = good_connection()
    del missing_port["shell_port"]
    wrong_type = good_connection()
    wrong_type["hb_port"] = "not-a-port"
    (tmp_path / "a-directory.json").mkdir()
    return {
        "missing file": tmp_path / "does-not-exist.json",
        "bad json": write(tmp_path / "bad.json", '{"shell_port": 5, "key": '),
        "empty file": write(tmp_path / "empty.json", ""),
        "not an object": write(tmp_path / "list.json", "[1, 2, 3]"),
        "missing key": write(tmp_path / "missing-key.json", json.dumps(missing_port)),
        "wrong type": write(tmp_path / "wrong-type.json", json.dumps(wrong_type)),
        "a directory": tmp_path / "a-directory.json",
    }


@java_only("ipykernel creates a missing connection file instead of failing")
@pytest.mark.timeout(180)
@pytest.mark.parametrize("case", ["missing file", "bad json", "empty file", "not an object", "missing key",
                                  "wrong type", "a directory"])
def test_bad_connection_file_fails_with_one_clear_message(tmp_path, case):
    if not (REPO / "bin" / "lmlab").exists() and not shutil.which("java"):
        pytest.fail("neither bin/lmlab nor java is available")
    path = cases(tmp_path)[case]
    proc = subprocess.run(kernel_command(path), capture_output=True, text=True, timeout=60)
    assert_one_clear_failure(proc, path)


@java_only("ipykernel is not under test here")
@pytest.mark.timeout(120)
def test_port_in_use_fails_with_one_clear_message(tmp_path):
    conn = good_connection()
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    conn["shell_port"] = blocker.getsockname()[1]
    path = write(tmp_path / "busy.json", json.dumps(conn))
    try:
        proc = subprocess.run(kernel_command(path), capture_output=True, text=True, timeout=60)
    finally:
        blocker.close()
    assert_one_clear_failure(proc, path, mention=str(conn["shell_port"]))


def assert_one_clear_failure(proc: subprocess.CompletedProcess, path: Path, mention: str | None = None) -> None:
    stderr_lines = [line for line in proc.stderr.splitlines() if line.strip()]
    report = f"exit {proc.returncode}\n--- stderr ---\n{proc.stderr}\n--- stdout ---\n{proc.stdout}"
    assert proc.returncode != 0, report
    assert stderr_lines, "nothing on stderr\n" + report
    assert not any(line.lstrip().startswith("at ") for line in stderr_lines), "stack trace on stderr\n" + report
    assert "Exception in thread" not in proc.stderr, report
    assert len(stderr_lines) <= 2, "expected one clear message, got many lines\n" + report
    assert (path.name in proc.stderr) or (mention and mention in proc.stderr), (
        f"the message does not name {path.name}\n" + report)



# ---------------------------------------------------------------------------------------------
# requests on the control channel while a cell runs on shell


@java_only("JShell concurrency")
@pytest.mark.timeout(120)
def test_control_requests_during_a_compiling_cell_do_not_break_it(fresh_kernel):
    """Front ends may send shell-type requests on control (ipykernel serves them there too). A
    complete_request there while a cell compiles must not corrupt the cell's compilation: the
    requests are sent continuously from another thread until the cell has replied."""
    km, kc = fresh_kernel
    info = km.get_connection_info()
    signer = Signer(info["key"] if isinstance(info["key"], bytes) else info["key"].encode(), info["signature_scheme"])
    stop = threading.Event()

    def hammer() -> None:
        control = zmq.Context.instance().socket(zmq.DEALER)
        control.setsockopt(zmq.LINGER, 0)
        control.connect(f"{info['transport']}://{info['ip']}:{info['control_port']}")
        try:
            while not stop.is_set():
                parts = [dumps(header("complete_request")), dumps({}), dumps({}),
                         dumps({"code": "java.util.concurrent.Conc", "cursor_pos": 24})]
                control.send_multipart([DELIM, signer.sign(parts)] + parts)
                while control.poll(0):
                    control.recv_multipart()
                time.sleep(0.002)
        finally:
            control.close(linger=0)

    for trial in range(4):
        body = "\n".join(f"    int m{i}(int x) {{ return x + {i}; }}" for i in range(300))
        code = f"class Big{trial} {{\n{body}\n}}\nnew Big{trial}().m3(1)"
        stop.clear()
        thread = threading.Thread(target=hammer, daemon=True)
        thread.start()
        try:
            run = run_cell(kc, code, timeout=60)
        finally:
            stop.set()
            thread.join(timeout=10)
        assert run.status == "ok" and run.result_text == "4", run.describe()
