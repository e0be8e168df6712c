"""Synthetic Hestness-style learning curve: error against training-set size m,
eps(m) = alpha * m^beta_g + gamma (Hestness et al. 2017), with alpha = 3, beta_g = -0.3, gamma = 0.2
(illustrative values, not the paper's: it published no run table; see PROVENANCE.md),
24 sizes from 1e3 to 1e8, 1 % multiplicative noise. Run: python generate_hestness.py (numpy, seed 21).
"""
import numpy as np

ALPHA, BETA_G, GAMMA = 3.0, -0.3, 0.2
rng = np.random.default_rng(21)
with open("hestness-curve.csv", "w") as f:
    f.write("data,error\n")
    for m in np.geomspace(1e3, 1e8, 24):
        f.write(f"{m:.6g},{(ALPHA * m ** BETA_G + GAMMA) * np.exp(rng.normal(0, 0.01)):.6f}\n")
