"""A real JupyterLab in a real Chromium: open the quickstart notebook on the lmlab kernel, run a
cell and see its output, then type ``Strin`` + Tab and see the completer offer ``String``.

The server runs from a temporary copy of notebooks/ with its own config, settings and workspace
folders, nothing that reaches the internet (no news, no update check, read-only extension
manager, no language-server scan), and is always shut down with its kernels. Screenshots go to
target/browser/*.png for CI.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from kerneltools import IS_PYTHON, KERNEL_NAME, REPO, tail

SHOTS = REPO / "target" / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
UI_TIMEOUT_MS = 60_000

if IS_PYTHON:  # development mode: a throwaway Python notebook exercises the same machinery
    NOTEBOOK = "00-python-smoke.ipynb"
    FIRST_CELL, FIRST_OUTPUT = "x = 6\ny = 7\nx * y", "42"
    TYPED, OFFERED = "ma", "max"
    DISPLAY_NAME = "Python 3 (ipykernel)"
else:
    NOTEBOOK = "00-quickstart.ipynb"
    FIRST_CELL, FIRST_OUTPUT = None, "42"  # the quickstart's first code cell ends in x * y
    TYPED, OFFERED = "Strin", "String"
    DISPLAY_NAME = "lmlab (Java)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url: str, token: str, method: str = "GET", timeout: float = 5) -> tuple[int, bytes]:
    req = urllib.request.Request(url, method=method, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def prepare_root(root: Path) -> None:
    if IS_PYTHON:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FIRST_CELL)], metadata={
            "kernelspec": {"name": KERNEL_NAME, "display_name": DISPLAY_NAME, "language": "python"}})
        nbformat.write(nb, root / NOTEBOOK)
    else:
        for path in (REPO / "notebooks").glob("*.ipynb"):
            shutil.copy(path, root / path.name)


def write_config(home: Path) -> dict[str, str]:
    config, settings = home / "config", home / "settings"
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # JupyterLab drops kernel completions slower than providerTimeout (default 1000 ms); this test
    # checks that the popup works, the latency of the first completion is checked at protocol level
    # (test_conformance.py::test_first_completion_within_jupyterlab_provider_timeout)
    (settings / "@jupyterlab" / "completer-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "completer-extension" / "manager.jupyterlab-settings").write_text(
        json.dumps({"providerTimeout": 15000}))
    config.mkdir()
    (config / "jupyter_server_config.json").write_text(json.dumps({
        "ServerApp": {"open_browser": False, "terminals_enabled": False, "port_retries": 0},
        "LabApp": {"news_url": None, "extension_manager": "readonly",
                   "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
                   "user_settings_dir": str(settings), "workspaces_dir": str(home / "workspaces")},
        "LanguageServerManager": {"autodetect": False},
    }))
    env = dict(os.environ)
    env.update(JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
               JUPYTER_PLATFORM_DIRS="1")
    return env


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    home = tmp_path_factory.mktemp("jlab")
    root = home / "notebooks"
    root.mkdir()
    prepare_root(root)
    env = write_config(home)
    port, token = free_port(), secrets.token_hex(16)
    log_path = SHOTS / "jupyterlab.log"
    SHOTS.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "wb")
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI containers run as root
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"jupyter lab exited with {proc.returncode}\n{tail(log_path)}")
            try:
                if http(f"{base}/api/status", token)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer within 90 s\n{tail(log_path)}")
            time.sleep(0.3)
        yield base, token
    finally:
        stop_server(proc, base, token)
        log.close()


def stop_server(proc: subprocess.Popen, base: str, token: str) -> None:
    """Deletes the server's kernels, asks it to shut down, and kills it if it does not."""
    if proc.poll() is None:
        try:
            status, body = http(f"{base}/api/kernels", token)
            for kernel in json.loads(body) if status == 200 else []:
                http(f"{base}/api/kernels/{kernel['id']}", token, method="DELETE", timeout=15)
            http(f"{base}/api/shutdown", token, method="POST")
        except (OSError, ValueError):
            pass
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page(jupyterlab, chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.set_default_timeout(UI_TIMEOUT_MS)
            console: list[str] = []
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.console_messages = console  # type: ignore[attr-defined]
            frames: list[str] = []
            page.on("websocket", lambda ws: record_kernel_messages(ws, frames))
            try:
                yield page
            finally:
                (SHOTS / "websocket.log").write_text("\n".join(frames) + "\n")
        finally:
            browser.close()


def describe_frame(payload: str | bytes) -> str:
    """channel, msg_type and parent msg_type/id of one kernel websocket frame (JSON or the v1
    binary protocol), for the websocket.log written next to the screenshots."""
    try:
        if isinstance(payload, str):
            msg = json.loads(payload)
            channel, header, parent = msg.get("channel"), msg["header"], msg.get("parent_header", {})
        else:
            n = int.from_bytes(payload[:8], "little")
            offsets = [int.from_bytes(payload[8 * (i + 1): 8 * (i + 2)], "little") for i in range(n)]
            parts = [payload[offsets[i]: offsets[i + 1] if i + 1 < n else len(payload)] for i in range(n)]
            channel, header, parent = parts[0].decode(), json.loads(parts[1]), json.loads(parts[2])
        content = json.loads(payload)["content"] if isinstance(payload, str) else json.loads(parts[4])
        extra = ""
        if header.get("msg_type") == "status":
            extra = " " + content.get("execution_state", "")
        elif header.get("msg_type") in ("complete_request", "complete_reply"):
            keys = ("status", "code", "cursor_pos", "cursor_start", "cursor_end")
            summary = {k: content[k] for k in keys if k in content}
            if "matches" in content:
                summary["matches"] = f"{len(content['matches'])}: {content['matches'][:5]}"
            extra = f" {summary}"
        elif header.get("msg_type") in ("execute_reply", "error"):
            extra = f" {content.get('status', '')} {content.get('ename', '')}"
        return (f"{channel} {header.get('msg_type')}{extra} id={str(header.get('msg_id'))[-12:]} "
                f"parent={parent.get('msg_type')}:{str(parent.get('msg_id'))[-12:]}")
    except Exception as e:  # noqa: BLE001 - a diagnostic must not fail the test
        return f"(undecoded frame: {type(e).__name__})"


def record_kernel_messages(ws, frames: list[str]) -> None:
    if "/api/kernels/" not in ws.url:
        return
    t0 = time.monotonic()
    ws.on("framesent", lambda payload: frames.append(f"{time.monotonic() - t0:8.3f} -> {describe_frame(payload)}"))
    ws.on("framereceived", lambda payload: frames.append(f"{time.monotonic() - t0:8.3f} <- {describe_frame(payload)}"))
    ws.on("close", lambda _ws: frames.append(f"{time.monotonic() - t0:8.3f} websocket closed"))


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def code_cells(page):
    return page.locator(".jp-NotebookPanel:visible .jp-CodeCell")


@pytest.mark.browser
@pytest.mark.timeout(300)
def test_open_run_and_complete(jupyterlab, page):
    base, token = jupyterlab
    page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}", wait_until="domcontentloaded")
    try:
        notebook = page.locator(".jp-NotebookPanel:visible")
        notebook.locator(".jp-CodeCell").first.wait_for(state="visible")
        # the kernel named in the notebook's metadata is started and reaches idle
        page.locator(".jp-NotebookPanel:visible .jp-Toolbar-kernelName", has_text=DISPLAY_NAME).wait_for()
        page.locator(".jp-NotebookPanel:visible .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for()
        shot(page, "01-opened")

        # run the first code cell and see its result
        first = code_cells(page).first
        first.locator(".cm-content").click()
        page.keyboard.press("Shift+Enter")
        first.locator(".jp-OutputArea-output", has_text=FIRST_OUTPUT).wait_for()
        assert first.locator(".jp-OutputArea-output").inner_text().strip() == FIRST_OUTPUT
        shot(page, "02-cell-ran")

        if not IS_PYTHON:
            # rich output: HTML, Markdown and SVG from one cell are rendered by JupyterLab
            rich = code_cells(page).filter(has_text="Content.markdown(")
            rich.scroll_into_view_if_needed()
            rich.locator(".cm-content").click()
            page.keyboard.press("Shift+Enter")
            rich.locator(".jp-RenderedHTMLCommon b", has_text="bold").first.wait_for()
            rich.locator(".jp-RenderedMarkdown strong", has_text="Markdown").wait_for()
            rich.locator(".jp-RenderedSVG").wait_for()
            assert rich.locator(".jp-OutputArea-output").count() == 3
            shot(page, "02b-rich-output")

        # a new cell below, type a prefix, Tab: the completer pops up with the expected name
        page.keyboard.press("Escape")
        notebook.locator(".jp-Notebook").focus()
        count = code_cells(page).count()
        page.keyboard.press("b")
        page.wait_for_function(
            "n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell').length > n", arg=count)
        page.keyboard.press("Enter")
        page.keyboard.type(TYPED)
        # Tab invokes the completer only once JupyterLab has connected it to the new cell's editor
        page.locator(".jp-NotebookPanel:visible .jp-Cell.jp-mod-active "
                     ".jp-mod-completer-enabled:not(.jp-mod-at-line-beginning)").wait_for()
        page.keyboard.press("Tab")
        completer = page.locator(".jp-Completer")
        completer.wait_for(state="visible")
        item = completer.locator(".jp-Completer-item", has=page.locator("code.jp-Completer-match", has_text=OFFERED))
        item.first.wait_for(state="visible")
        matches = completer.locator("code.jp-Completer-match").all_inner_texts()
        assert OFFERED in [m.strip() for m in matches], matches
        shot(page, "03-completer")
        page.keyboard.press("Escape")
    except Exception as exc:
        shot(page, "99-failure")
        console = "\n".join(getattr(page, "console_messages", [])[-30:])
        log = tail(SHOTS / "jupyterlab.log", 60)
        raise AssertionError(f"browser check failed; screenshot {SHOTS}/99-failure.png\n"
                             f"--- browser console ---\n{console}\n--- jupyterlab log ---\n{log}") from exc
