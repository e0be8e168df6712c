"""Synthetic learning curves at several batch sizes from Kaplan et al. 2020's published laws
(Kaplan released no run tables; see PROVENANCE.md). Run: python generate_steps.py (numpy, seed 20).

    L(N, S_min) = (N_c/N)^alpha_N + (S_c/S_min)^alpha_S   eq. 1.6/5.6, Table 3: alpha_N = 0.077,
                                                          N_c = 6.5e13, alpha_S = 0.76, S_c = 2.1e3
    B_crit(L)   = B* / L^(1/alpha_B)                      eq. 1.4/5.3: B* = 2e8 tokens, alpha_B = 0.21
    S           = S_min (1 + B_crit(L)/B)                 eq. 5.4 (steps at batch B, in tokens)

For each model size N and batch size B, S_min runs over a log grid; the loss is L(N, S_min), the
step count S follows from eq. 5.4, and the recorded loss gets 0.2 % multiplicative noise.
"""
import numpy as np

ALPHA_N, NC, ALPHA_S, SC = 0.077, 6.5e13, 0.76, 2.1e3
B_STAR, ALPHA_B = 2e8, 0.21

rng = np.random.default_rng(20)
with open("kaplan-steps.csv", "w") as f:
    f.write("params,batch,steps,loss\n")
    for n in (3e6, 3e7, 3e8):
        for b in 2.0 ** np.arange(15, 22):  # 32k .. 2M tokens per batch
            for s_min in np.geomspace(300, 1e5, 40):
                l = (NC / n) ** ALPHA_N + (SC / s_min) ** ALPHA_S
                s = s_min * (1 + B_STAR / l ** (1 / ALPHA_B) / b)
                f.write(f"{n:.6g},{b:.6g},{s:.6g},{l * np.exp(rng.normal(0, 0.002)):.6f}\n")
