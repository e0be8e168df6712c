"""Synthetic vocabulary runs from the published law, for recovery tests.

Usage: python generate_synthetic.py vocab_runs.csv > synthetic_runs.csv

Design: the released runs' (N_nv, V, d, D) at every 4th checkpoint (300 rows). Loss:
L_u = -E + A1/N_nv^alpha1 + A2/N_v^alpha2 + B/D^beta with the authors' released constants
(N_nv, N_v = V d in millions, D in billions of tokens), plus Gaussian noise of sd 0.02,
numpy default_rng(19).
"""
import csv
import sys

import numpy as np

A1, A2, B, E = 1.8313851559554126, 0.19584238398665638, 2.1241123120064955, 5.5327846803337435
ALPHA1, ALPHA2, BETA = 0.44660634152009615, 0.6707374679896795, 0.44660634152009615
NOISE, SEED = 0.02, 19


def main(path):
    rng = np.random.default_rng(SEED)
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))[3::4]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["non_vocab_params", "vocab_size", "embed_dim", "tokens", "loss_u", "loss_u_true"])
    for row in rows:
        nnv, v, d, t = (float(row[k]) for k in ("non_vocab_params", "vocab_size", "embed_dim", "tokens"))
        true = -E + A1 / (nnv / 1e6) ** ALPHA1 + A2 / (v * d / 1e6) ** ALPHA2 + B / (t / 1e9) ** BETA
        out.writerow([repr(nnv), repr(v), repr(d), repr(t), repr(float(true + rng.normal(0, NOISE))), repr(float(true))])


if __name__ == "__main__":
    main(sys.argv[1])
