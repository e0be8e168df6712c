#!/usr/bin/env bash
# The one test command (README "Quick start"; .ci/run calls it): set-up, Java unit tests, then
# the Jupyter-side tests (protocol conformance, interrupts, fuzzing, notebooks, browser) against
# the kernel as a user installs it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash environment/setup.sh
echo "[tests] Java: mvn verify (unit and in-process kernel tests)"
mvn -B -ntp verify
echo "[tests] installing the kernelspec into .venv"
bin/lmlab install --prefix "$root/.venv"
echo "[tests] Jupyter side: pytest tests/python"
mkdir -p target
.venv/bin/python -m pytest tests/python -q -p no:cacheprovider --junitxml=target/pytest-report.xml
