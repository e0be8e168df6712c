"""Synthetic densing-law data (Xiao et al. 2024 released no table of per-model densities we could
retrieve here; see PROVENANCE.md). Run: python generate_densing.py  (numpy, seed 19).

Reference models: Chinchilla's published law (Hoffmann et al. 2022, E=1.69, A=406.4, B=410.7,
alpha=0.34, beta=0.28) at 10, 20 and 40 tokens per parameter, 0.3 % multiplicative loss noise; their
downstream score from an assumed sigmoid S(L) = c/(1+exp(-gamma (L-l))) + d, noise sd 0.005.
Target models: release dates 2023-01-01 .. 2024-10-31, ln(density) = A t + B + N(0, 0.25^2),
A = 0.007 per day (the paper's slope; doubling ln2/A = 99 days = 3.3 months), B = -2.3 at 2023-01-01;
their score is the sigmoid at the reference loss of N * density (20 tokens per parameter) plus noise.
"""
import datetime as dt

import numpy as np

E, A_, B_, ALPHA, BETA = 1.69, 406.4, 410.7, 0.34, 0.28
C, GAMMA, L0, D0 = 0.8, -3.0, 2.6, 0.15
SLOPE, INTERCEPT, SIGMA = 0.007, -2.3, 0.25


def loss(n, d):
    return E + A_ / n ** ALPHA + B_ / d ** BETA


def score(l):
    return C / (1 + np.exp(-GAMMA * (l - L0))) + D0


rng = np.random.default_rng(19)
with open("densing-reference.csv", "w") as f:
    f.write("params,tokens,loss,score\n")
    for n in np.logspace(np.log10(5e6), 12, 10):
        for ratio in (10, 20, 40):
            l = loss(n, ratio * n) * np.exp(rng.normal(0, 0.003))
            s = score(loss(n, 20 * n)) + rng.normal(0, 0.005) if ratio == 20 else float("nan")
            f.write(f"{n:.6g},{ratio * n:.6g},{l:.6f},{'' if np.isnan(s) else f'{s:.6f}'}\n")

origin = dt.date(2023, 1, 1)
sizes = [1e9, 2e9, 3e9, 7e9, 8e9, 13e9, 34e9, 70e9]
with open("densing-models.csv", "w") as f:
    f.write("model,released,params,score,true_density\n")
    for i in range(30):
        t = int(rng.integers(0, 669))
        n = sizes[int(rng.integers(0, len(sizes)))]
        rho = float(np.exp(SLOPE * t + INTERCEPT + rng.normal(0, SIGMA)))
        s = score(loss(n * rho, 20 * n * rho)) + rng.normal(0, 0.002)
        f.write(f"synthetic-{i:02d},{origin + dt.timedelta(days=t)},{n:.6g},{s:.6f},{rho:.6f}\n")
