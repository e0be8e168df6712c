"""scipy reference for the vocabulary-law tests (Tao et al. 2024), written independently of the Java code.

Input: one JSON file with "mode" and its fields. Output: one JSON object on stdout.
  fit:      runs [[N_nv, N_v, D, L_u], ...], starts, tied, delta -> best theta and objective
            (L-BFGS-B from every start, tight tolerances, best polished once more)
  power:    x, y, fixed (null or exponent) -> K, a of ln y = K + a ln x under Huber(1e-3)
  through:  x, y, x0, y0 -> gamma of ln(y/y0) = gamma ln(x/x0) under Huber(1e-3)
  optimum:  params {A2, B, alpha2, beta}, cases [[N_nv, d, C], ...] -> V with dL_u/dV = 0 (brentq)
  flopsmin: abc [a, b, c, cap], cases [[N_nv, d], ...] -> V with dC/dV = 0 (brentq)
"""
import json
import sys

import numpy as np
from scipy.optimize import brentq, minimize
from scipy.special import huber

OPTS = dict(ftol=1e-15, gtol=1e-12, maxiter=20000, maxcor=10)


def vocab_fit(q):
    runs = np.array(q["runs"], dtype=float)
    n = np.log(runs[:, 0] / 1e6)
    v = np.log(runs[:, 1] / 1e6)
    t = np.log(runs[:, 2] / 1e9)
    loss = runs[:, 3]
    tied, delta = q["tied"], q["delta"]

    def unpack(th):
        if tied:
            a1, a2, b, e, al2, be = th
            al1 = be
        else:
            a1, a2, b, e, al1, al2, be = th
        return a1, a2, b, e, al1, al2, be

    def f(th):
        a1, a2, b, e, al1, al2, be = unpack(th)
        x1, x2, x3, x4 = np.exp(a1 - al1 * n), np.exp(a2 - al2 * v), np.exp(b - be * t), np.exp(e)
        r = x1 + x2 + x3 - x4 - loss
        s = np.clip(r, -delta, delta)
        g = [np.sum(s * x1), np.sum(s * x2), np.sum(s * x3), -np.sum(s * x4)]
        d1, d2, d3 = -np.sum(s * n * x1), -np.sum(s * v * x2), -np.sum(s * t * x3)
        g += [d2, d1 + d3] if tied else [d1, d2, d3]
        return np.sum(huber(delta, r)), np.array(g)

    best = None
    for s in q["starts"]:
        r = minimize(f, np.array(s, dtype=float), jac=True, method="L-BFGS-B", options=OPTS)
        if np.isfinite(r.fun) and (best is None or r.fun < best.fun):
            best = r
    polished = minimize(f, best.x, jac=True, method="L-BFGS-B", options=OPTS)
    if polished.fun <= best.fun:
        best = polished
    return {"theta": best.x.tolist(), "objective": float(best.fun)}


def huber_line(lx, ly, pred_grad):
    def f(th):
        r, dr = pred_grad(th)
        r = r - ly
        s = np.clip(r, -1e-3, 1e-3)
        return np.sum(huber(1e-3, r)), np.array([np.sum(s * col) for col in dr])
    return f


def power(q):
    lx, ly = np.log(q["x"]), np.log(q["y"])
    fixed = q.get("fixed")
    if fixed is None:
        f = huber_line(lx, ly, lambda th: (th[0] + th[1] * lx, [np.ones_like(lx), lx]))
        starts = [[k, a] for k in np.arange(-20, 16, 5.0) for a in np.arange(0, 1.01, 0.25)]
    else:
        f = huber_line(lx, ly, lambda th: (th[0] + fixed * lx, [np.ones_like(lx)]))
        starts = [[k] for k in np.arange(-20, 16, 5.0)]
    best = min((minimize(f, np.array(s), jac=True, method="L-BFGS-B", options=OPTS) for s in starts), key=lambda r: r.fun)
    best = minimize(f, best.x, jac=True, method="L-BFGS-B", options=OPTS)
    return {"K": float(best.x[0]), "a": float(best.x[1]) if fixed is None else fixed}


def through(q):
    lx = np.log(q["x"]) - np.log(q["x0"])
    ly = np.log(q["y"]) - np.log(q["y0"])
    f = huber_line(lx, ly, lambda th: (th[0] * lx, [lx]))
    best = min((minimize(f, np.array([s]), jac=True, method="L-BFGS-B", options=OPTS) for s in (0.0, 0.5, 1.0)),
               key=lambda r: r.fun)
    return {"gamma": float(best.x[0])}


def optimum(q):
    p = q["params"]
    out = []
    for nnv, d, c in q["cases"]:
        def dl_dv(V):
            D = c / (6 * (nnv + V * d)) / 1e9
            return (-p["alpha2"] * p["A2"] * (V * d / 1e6) ** (-p["alpha2"]) / V
                    + p["beta"] * p["B"] * D ** (-p["beta"]) * d / (nnv + V * d))
        out.append(float(np.exp(brentq(lambda lv: dl_dv(np.exp(lv)), 0.0, np.log(1e10), xtol=1e-14, rtol=1e-15))))
    return {"V": out}


def flopsmin(q):
    a, b, c, cap = q["abc"]
    out = []
    for nnv, d in q["cases"]:
        def dc_dv(V):
            lv = np.log(min(V, cap))
            fv = a * lv * lv + b * lv + c
            slope = (2 * a * np.log(V) + b) / V if V < cap else 0.0
            return d * fv + (nnv + V * d) * slope
        out.append(float(np.exp(brentq(lambda lv: dc_dv(np.exp(lv)), np.log(2), np.log(10 * cap), xtol=1e-14,
                                       rtol=1e-15))))
    return {"V": out}


if __name__ == "__main__":
    with open(sys.argv[1]) as fh:
        query = json.load(fh)
    print(json.dumps({"fit": vocab_fit, "power": power, "through": through, "optimum": optimum,
                      "flopsmin": flopsmin}[query["mode"]](query)))
