#!/usr/bin/env bash
# The main job (README "Quick start"): set-up, build, install the lmlab kernel, and execute the
# showcase notebooks headless with `lmlab report` into self-contained HTML reports under reports/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash environment/setup.sh main
echo "[main] building lmlab"
mvn -B -ntp -q package -DskipTests
bin/lmlab install --prefix "$root/.venv"
.venv/bin/python environment/execute_notebooks.py
cat <<MSG

Open the notebooks in JupyterLab (kernel "lmlab (Java)"):
  "$root/bin/lmlab" lab
MSG
