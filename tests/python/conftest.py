"""pytest configuration for the Jupyter-side tests of lmlab.

* The kernel under test is LMLAB_KERNEL (default ``lmlab``); see kerneltools.py.
* Every test has a timeout (pytest-timeout): the one given by ``@pytest.mark.timeout`` or
  DEFAULT_TIMEOUT_S. A hung kernel fails a test, it never hangs the suite.
* Tests marked ``no_skip`` (the whole conformance module) must not be skipped: a skip there
  means a code sample is missing, and is reported as a failure.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kerneltools import KERNEL_NAME, REPO, started_kernel  # noqa: E402

DEFAULT_TIMEOUT_S = 120


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "no_skip: a skip of this test is a failure (missing sample)")
    config.addinivalue_line("markers", "browser: drives JupyterLab in Chromium")


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"kernel under test: {KERNEL_NAME} (set LMLAB_KERNEL to change)"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(DEFAULT_TIMEOUT_S))


def _allowed_skips(item: pytest.Item) -> dict[str, str]:
    module = getattr(item, "module", None)
    return getattr(module, "ALLOWED_SKIPS", {}) if module is not None else {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or item.get_closest_marker("no_skip") is None or hasattr(report, "wasxfail"):
        return  # an expected failure (xfail) is reported as skipped: it is not a missing sample
    if item.name in _allowed_skips(item):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = (
        f"{item.nodeid} was skipped ({reason}); conformance tests must all run - "
        "set the missing code sample or list the test in ALLOWED_SKIPS with a reason"
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    if KERNEL_NAME == "lmlab":
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

        try:
            KernelSpecManager().get_kernel_spec("lmlab")
        except NoSuchKernel:
            raise pytest.UsageError(
                "kernelspec 'lmlab' is not installed: build the kernel, then run "
                f"{REPO}/bin/lmlab install --prefix {REPO}/.venv (or set LMLAB_KERNEL)"
            ) from None


@pytest.fixture(scope="module")
def kernel(request: pytest.FixtureRequest):
    """One kernel for a test module: (KernelManager, BlockingKernelClient)."""
    with started_kernel(label=request.module.__name__) as (km, kc):
        yield km, kc


@pytest.fixture
def fresh_kernel(request: pytest.FixtureRequest):
    """A kernel of its own for one test."""
    with started_kernel(label=request.node.name) as (km, kc):
        yield km, kc


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium is not installed (environment/setup.sh installs it)")
    return path
