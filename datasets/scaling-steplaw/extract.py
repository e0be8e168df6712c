"""Rebuilds steplaw_dense_runs.csv and steplaw_1004_bootstrap_parameters.csv from a clone of
https://github.com/step-law/steplaw at commit 32a8f4cc50247695fb56cc6c9117abdf67c97763.

usage: python extract.py PATH_TO_CLONE   (needs numpy; writes next to this script)
"""
import csv
import io
import pathlib
import subprocess
import sys

COMMIT = "32a8f4cc50247695fb56cc6c9117abdf67c97763"
HERE = pathlib.Path(__file__).parent
RENAME = [("N", "params"), ("D", "tokens"), ("h", "h"), ("ffnh", "ffnh"), ("numh", "numh"), ("numl", "numl"),
          ("lr", "lr"), ("bs", "batch"), ("smooth loss", "smooth_loss"), ("loss", "final_loss")]


def show(repo, path):
    return subprocess.run(["git", "-C", repo, "show", f"{COMMIT}:{path}"], check=True, capture_output=True,
                          text=True).stdout


def number(text):
    v = float(text)
    return str(int(v)) if v.is_integer() and "." not in text and "e" not in text.lower() else repr(v)


def main(repo):
    rows = list(csv.DictReader(io.StringIO(show(repo, "data/dense_lr_bs_loss.csv"))))
    with open(HERE / "steplaw_dense_runs.csv", "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow([new for _, new in RENAME])
        for r in rows:
            out.writerow([number(r[old]) for old, _ in RENAME])
    (HERE / "steplaw_1004_bootstrap_parameters.csv").write_text(
        show(repo, "data/1004_fitted_lr_bs_scaling_model_parameters.csv"))


if __name__ == "__main__":
    main(sys.argv[1])
