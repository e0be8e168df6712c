"""Interrupts (message and signal mode), System.exit, error recovery, stdin, shutdown/restart.

Each interrupt test defines a variable, starts a cell that never ends, interrupts it and
requires the execute_reply within INTERRUPT_DEADLINE_S of the interrupt, then reads the
variable back: an interrupt must not cost the session its state.
"""
from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from kerneltools import (IS_JAVA, IS_PYTHON, KERNEL_NAME, CellRun, collect_until_done, drain, java_only, run_cell,
                         strip_ansi)

INTERRUPT_DEADLINE_S = 1.0

if IS_PYTHON:
    FOREVER = "while True:\n    pass"
    SLEEP_FOREVER = "import time\ntime.sleep(100000)"
    INTERRUPT_ENAME = "KeyboardInterrupt"
else:
    FOREVER = "while (true) {}"
    SLEEP_FOREVER = "Thread.sleep(100000);"
    INTERRUPT_ENAME = "Interrupted"


def define(name: str, value: int) -> str:
    return f"{name} = {value}" if IS_PYTHON else f"int {name} = {value};"


def wait_until_running(kc, msg_id: str, run: CellRun, timeout: float = 20) -> None:
    """Returns once the kernel reports 'busy' for msg_id, plus a moment so the loop spins."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.iopub_channel.get_msg(timeout=0.2)
        except Exception:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "busy":
            time.sleep(0.5)
            return
        if msg["msg_type"] not in ("status", "execute_input"):
            run.iopub.append(msg)
    raise TimeoutError(f"the kernel never became busy with {run.code!r}")


def send_interrupt_message(kc) -> dict:
    """interrupt_request on the control channel (message mode), whatever the kernelspec says;
    returns the interrupt_reply."""
    msg = kc.session.msg("interrupt_request", {})
    kc.control_channel.send(msg)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        reply = kc.control_channel.get_msg(timeout=5)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return reply
    raise TimeoutError("no interrupt_reply")


def interrupt_and_measure(km, kc, code: str, how: str) -> CellRun:
    msg_id = kc.execute(code)
    run = CellRun(code=code, msg_id=msg_id)
    wait_until_running(kc, msg_id, run)
    t0 = time.monotonic()
    interrupt_reply = None
    if how == "message":
        interrupt_reply = send_interrupt_message(kc)
    else:
        km.signal_kernel(signal.SIGINT)
    collect_until_done(kc, run, t0, timeout=15)
    if interrupt_reply is not None:
        assert interrupt_reply["content"]["status"] == "ok", interrupt_reply
    return run


@pytest.fixture
def kc_and_km(kernel):
    km, kc = kernel
    drain(kc, wait=0.05)
    yield km, kc
    if not km.is_alive():
        pytest.fail("the kernel died during this test")


@java_only("the lmlab kernelspec is what is checked")
def test_kernelspec_declares_message_interrupts():
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    assert spec.interrupt_mode == "message"
    assert spec.language == "java"
    assert spec.display_name.startswith("lmlab (Java")
    assert spec.argv[-1] == "{connection_file}"


@java_only("the lmlab kernelspec is what is checked")
def test_kernelspec_start_up_archive_is_used():
    """`lmlab install` trains a class-data-sharing archive on a real first session; a JVM started
    as the kernelspec says must take the kernel's classes from it (a stale or mismatched archive
    is silently ignored by the JVM, which would only show as a slow start)."""
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    archive = [a for a in spec.argv if a.startswith("-XX:SharedArchiveFile=")]
    assert archive, f"no start-up archive in {spec.argv}"
    assert Path(archive[0].split("=", 1)[1]).is_file()
    # The kernel's own flags and launch, with logging of class loading instead of the kernel run.
    jar = spec.argv.index("-jar")
    argv = [a for a in spec.argv[:jar] if not a.startswith("-Xlog")] + ["-Xlog:class+load=info"] + \
        spec.argv[jar:jar + 2] + ["--version"]
    run = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    loaded = [line for line in run.stdout.splitlines() if " org.lmlab.kernel.Main " in line]
    assert loaded and "shared objects file (top)" in loaded[0], loaded


@pytest.mark.timeout(60)
@pytest.mark.parametrize("how", ["message", "signal"])
@pytest.mark.parametrize("body", ["busy-loop", "sleep"])
def test_interrupt_returns_control_and_keeps_state(kc_and_km, how, body):
    km, kc = kc_and_km
    var = f"kept_{how}_{body.replace('-', '_')}"
    assert run_cell(kc, define(var, 41)).status == "ok"

    run = interrupt_and_measure(km, kc, FOREVER if body == "busy-loop" else SLEEP_FOREVER, how)

    assert run.reply is not None, run.describe()
    assert run.reply_after <= INTERRUPT_DEADLINE_S, (
        f"execute_reply came {run.reply_after:.2f} s after the {how} interrupt (limit {INTERRUPT_DEADLINE_S} s)"
    )
    assert run.status == "error", run.describe()
    assert run.content["ename"] == INTERRUPT_ENAME, run.describe()
    errors = run.errors
    assert len(errors) == 1 and errors[0]["ename"] == INTERRUPT_ENAME, run.describe()

    after = run_cell(kc, f"{var} + 1")
    assert after.status == "ok", after.describe()
    assert after.result_text == "42"


@pytest.mark.parametrize("how", ["message", "signal"])
def test_interrupt_while_idle_is_harmless(kc_and_km, how):
    km, kc = kc_and_km
    if how == "message":
        assert send_interrupt_message(kc)["content"]["status"] == "ok"
    else:
        km.signal_kernel(signal.SIGINT)
    time.sleep(0.5)
    assert km.is_alive()
    run = run_cell(kc, "6*7")
    assert run.status == "ok" and run.result_text == "42", run.describe()


def test_exit_in_cell_is_an_error_and_keeps_the_kernel(kc_and_km):
    km, kc = kc_and_km
    assert run_cell(kc, define("before_exit", 5)).status == "ok"
    for code in (["import sys; sys.exit(0)", "import sys; sys.exit(1)"] if IS_PYTHON
                 else ["System.exit(0);", "System.exit(1);", "Runtime.getRuntime().halt(3);"]):
        run = run_cell(kc, code)
        assert run.status == "error", run.describe()
        assert len(run.errors) == 1, run.describe()
        time.sleep(0.3)
        assert km.is_alive(), f"{code!r} killed the kernel"
    after = run_cell(kc, "before_exit * 2")
    assert after.status == "ok" and after.result_text == "10", after.describe()


def test_error_then_good_cell_keeps_state(kc_and_km):
    _, kc = kc_and_km
    assert run_cell(kc, define("survivor", 20)).status == "ok"
    bad = run_cell(kc, 'raise ValueError("nope")' if IS_PYTHON else 'throw new IllegalArgumentException("nope");')
    assert bad.status == "error", bad.describe()
    assert bad.content["ename"] == ("ValueError" if IS_PYTHON else "IllegalArgumentException")
    assert bad.content["evalue"] == "nope"
    assert len(bad.errors) == 1 and bad.errors[0]["ename"] == bad.content["ename"]
    if IS_JAVA:
        assert any("Cell In[" in line for line in bad.errors[0]["traceback"]), bad.describe()
    # a compile error does not lose state either
    broken = run_cell(kc, "survivor +* " if IS_PYTHON else "int broken = ;")
    assert broken.status == "error", broken.describe()
    if IS_JAVA:
        assert broken.content["ename"] == "CompilationError", broken.describe()
    good = run_cell(kc, "survivor + 22")
    assert good.status == "ok" and good.result_text == "42", good.describe()


@java_only("Java tracebacks")
def test_tracebacks_point_at_cell_lines_and_hide_kernel_frames(kc_and_km):
    _, kc = kc_and_km
    run = run_cell(kc, "int divide(int a) {\n    return 10 / a;\n}\ndivide(0)")
    assert run.status == "error" and run.content["ename"] == "ArithmeticException", run.describe()
    n = run.content["execution_count"]
    trace = [strip_ansi(line) for line in run.errors[0]["traceback"]]
    text = "\n".join(trace)
    assert f"Cell In[{n}], line 2" in text and f"Cell In[{n}], line 4" in text, text
    for internal in ("jdk.jshell", "jdk.internal", "REPL.", "$JShell", "org.lmlab.kernel", "java.lang.reflect"):
        assert internal not in text, f"kernel-internal frame {internal!r} shown:\n{text}"
    compile_error = run_cell(kc, "int ok = 1;\nint bad = \"text\";")
    assert compile_error.content["ename"] == "CompilationError", compile_error.describe()
    text = "\n".join(strip_ansi(line) for line in compile_error.errors[0]["traceback"])
    assert f"Cell In[{compile_error.content['execution_count']}], line 2" in text, text


def test_stop_on_error_aborts_queued_cells(kc_and_km):
    """With stop_on_error (the default), requests queued behind a failing cell are aborted."""
    _, kc = kc_and_km
    bad_code = 'raise ValueError("first")' if IS_PYTHON else 'throw new IllegalStateException("first");'
    bad_id = kc.execute(bad_code)
    next_id = kc.execute("6*7")
    replies = {}
    deadline = time.monotonic() + 20
    while len(replies) < 2 and time.monotonic() < deadline:
        msg = kc.get_shell_msg(timeout=20)
        replies[msg["parent_header"]["msg_id"]] = msg
    assert replies[bad_id]["content"]["status"] == "error"
    assert replies[next_id]["content"]["status"] == "aborted", replies[next_id]["content"]
    drain(kc)
    assert run_cell(kc, "6*7").result_text == "42"


def test_input_request_round_trip(kc_and_km):
    _, kc = kc_and_km
    code = ('name = input("Name? ")\nprint("Hello " + name)' if IS_PYTHON
            else 'String name = input("Name? ");\nSystem.out.println("Hello " + name);')
    run = run_cell(kc, code, allow_stdin=True, answer=lambda req: "Ada")
    assert run.status == "ok", run.describe()
    assert len(run.input_requests) == 1
    request = run.input_requests[0]["content"]
    assert request["prompt"] == "Name? "
    assert request["password"] is False
    assert "Hello Ada" in run.stdout
    again = run_cell(kc, "name")
    assert again.result_text in ("Ada", "'Ada'")


def test_password_request_round_trip(kc_and_km):
    _, kc = kc_and_km
    code = ('import getpass\npw = getpass.getpass("Secret: ")\nprint(len(pw))' if IS_PYTHON
            else 'String pw = password("Secret: ");\nSystem.out.println(pw.length());')
    run = run_cell(kc, code, allow_stdin=True, answer=lambda req: "hunter22")
    assert run.status == "ok", run.describe()
    assert len(run.input_requests) == 1
    request = run.input_requests[0]["content"]
    assert request["prompt"] == "Secret: "
    assert request["password"] is True
    assert run.stdout.strip() == "8"
    assert "hunter22" not in run.all_text()


@java_only("ipykernel does not route sys.stdin through input_request")
def test_system_in_reads_through_input_request(kc_and_km):
    _, kc = kc_and_km
    code = ("var reader = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));\n"
            "String line = reader.readLine();\n"
            'System.out.println("read: " + line);')
    run = run_cell(kc, code, allow_stdin=True, answer=lambda req: "from stdin", timeout=30)
    assert run.status == "ok", run.describe()
    assert len(run.input_requests) == 1, run.describe()
    assert "read: from stdin" in run.stdout


def test_input_without_allow_stdin_is_an_error_not_a_hang(kc_and_km):
    _, kc = kc_and_km
    code = 'input("Name? ")' if IS_PYTHON else 'input("Name? ")'
    run = run_cell(kc, code, allow_stdin=False, timeout=20)
    assert run.status == "error", run.describe()
    assert run.input_requests == []


def test_shutdown_request_ends_the_process(fresh_kernel):
    km, kc = fresh_kernel
    assert run_cell(kc, "6*7").result_text == "42"
    msg_id = kc.shutdown(restart=False)
    reply = None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and reply is None:
        msg = kc.control_channel.get_msg(timeout=10)
        if msg["parent_header"].get("msg_id") == msg_id:
            reply = msg
    assert reply is not None and reply["msg_type"] == "shutdown_reply"
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["restart"] is False
    deadline = time.monotonic() + 10
    while km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not km.is_alive(), "the kernel process did not exit within 10 s of shutdown_request"
    assert km.provisioner.process.returncode == 0, km.provisioner.process.returncode


def test_restart_gives_a_fresh_working_session(fresh_kernel):
    km, kc = fresh_kernel
    assert run_cell(kc, define("gone_after_restart", 1)).status == "ok"
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=60)
    drain(kc, wait=0.1)
    run = run_cell(kc, "gone_after_restart")
    assert run.status == "error", run.describe()
    assert run_cell(kc, "6*7").result_text == "42"
