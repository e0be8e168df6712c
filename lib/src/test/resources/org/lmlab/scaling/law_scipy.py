# Reference fits of the lmlab scaling laws with scipy (L-BFGS-B, analytic gradients written here
# in numpy independently of the Java code), best of the given starts, best start polished.
# argv: law, data csv (params,tokens,unique,loss), starts file (one comma list per line), delta,
#       base "a,b,alpha,beta" (data-constrained only, else "-"),
#       indices file or "-": each line a bootstrap resample (comma-separated row indices); each
#       resample is fitted on the resampled arrays themselves (rows repeated), not on weights.
# Prints one line per fit: "fit i: theta=t0,t1,... objective=f".
# An argument "bounds=lo:hi,lo:hi,..." (one pair per parameter, "inf"/"-inf" for none) fits within
# that box (L-BFGS-B's own bounds).
# With an argument "theta=t0,t1,..." nothing is fitted: prints the Gaussian log-likelihood of the
# log-space residuals (sigma at its MLE) with scipy.stats, statsmodels' AIC/BIC (k = parameters + 1
# for sigma), and "pred i=L" for every row.
import sys
import numpy as np
np.seterr(all="ignore")  # natural-coordinate formulas step outside f > 0 (NaN, as in lmlab)
from scipy.optimize import minimize
from scipy.special import huber, logsumexp

law, path, starts_path, delta, base, idx_path = sys.argv[1:7]
extra = dict(a.split("=", 1) for a in sys.argv[7:])
bounds = None
if "bounds" in extra:
    bounds = [tuple(float(v) for v in pair.split(":")) for pair in extra["bounds"].split(",")]
delta = float(delta)
data = np.genfromtxt(path, delimiter=",", names=True)
starts = [np.array([float(v) for v in line.split(",")]) for line in open(starts_path) if line.strip()]

def chinchilla(t, N, D, U):
    lN, lD = np.log(N), np.log(D)
    terms = np.stack([t[0] - t[3] * lN, t[1] - t[4] * lD, np.full_like(lN, t[2])])
    lp = logsumexp(terms, axis=0)
    w = np.exp(terms - lp)
    return lp, np.stack([w[0], w[1], w[2], -w[0] * lN, -w[1] * lD], axis=1)

def kaplan(var, irreducible):
    def f(t, N, D, U):
        x = {"n": N, "d": D, "c": 6 * N * D}[var]
        lx = np.log(x)
        if not irreducible:
            return t[0] - t[1] * lx, np.stack([np.ones_like(lx), -lx], axis=1)
        terms = np.stack([t[0] - t[1] * lx, np.full_like(lx, t[2])])
        lp = logsumexp(terms, axis=0)
        w = np.exp(terms - lp)
        return lp, np.stack([w[0], -w[0] * lx, w[1]], axis=1)
    return f

def data_constrained(t, N, D, U):
    ba, bb, bal, bbe = [float(v) for v in base.split(",")]
    G = (bal * np.exp(ba) / (bbe * np.exp(bb))) ** (1 / (bal + bbe))
    UN = np.minimum(N, (U * G) ** (bbe / bal) * G)
    RN = np.maximum(N / UN - 1, 0)
    RD = np.maximum(D / U - 1, 0)
    rn, rd = np.exp(t[5]), np.exp(t[6])
    Np = UN + UN * rn * (1 - np.exp(-RN / rn))
    Dp = U + U * rd * (1 - np.exp(-RD / rd))
    # derivatives of N', D' in log R*, by the chain rule on R*(1 - exp(-R/R*))
    dNp = UN * rn * (1 - np.exp(-RN / rn) - (RN / rn) * np.exp(-RN / rn))
    dDp = U * rd * (1 - np.exp(-RD / rd) - (RD / rd) * np.exp(-RD / rd))
    lN, lD = np.log(Np), np.log(Dp)
    terms = np.stack([t[0] - t[3] * lN, t[1] - t[4] * lD, np.full_like(lN, t[2])])
    lp = logsumexp(terms, axis=0)
    w = np.exp(terms - lp)
    return lp, np.stack([w[0], w[1], w[2], -w[0] * lN, -w[1] * lD,
                         -w[0] * t[3] * dNp / Np, -w[1] * t[4] * dDp / Dp], axis=1)

# Custom formulas (org.lmlab.scaling.formula), parameters in order of first appearance, fitted as
# written (natural coordinates); derivatives of f by hand, J = (df/dtheta) / f for log f.
def formula_kaplan(t, N, D, U):
    """E + A/N^alpha"""
    E, A, al = t
    p = N ** -al
    f = E + A * p
    return np.log(f), np.stack([np.ones_like(N), p, -A * p * np.log(N)], axis=1) / f[:, None]

def formula_gamma(t, N, D, U):
    """E + (A/N^alpha + B/D^beta)^gamma"""
    E, A, al, B, be, g = t
    pn, pd = N ** -al, D ** -be
    S = A * pn + B * pd
    Sg = S ** g
    f = E + Sg
    c = g * S ** (g - 1)
    J = np.stack([np.ones_like(N), c * pn, -c * A * pn * np.log(N), c * pd, -c * B * pd * np.log(D),
                  Sg * np.log(S)], axis=1)
    return np.log(f), J / f[:, None]

def formula_chinchilla(t, N, D, U):
    """E + A/N^alpha + B/D^beta"""
    E, A, al, B, be = t
    pn, pd = N ** -al, D ** -be
    f = E + A * pn + B * pd
    J = np.stack([np.ones_like(N), pn, -A * pn * np.log(N), pd, -B * pd * np.log(D)], axis=1)
    return np.log(f), J / f[:, None]

laws = {"chinchilla": chinchilla, "data-constrained": data_constrained, "formula-kaplan": formula_kaplan,
        "formula-gamma": formula_gamma, "formula-chinchilla": formula_chinchilla}
for v in "ndc":
    laws["kaplan-" + v] = kaplan(v, True)
    laws["kaplan-" + v + "-pure"] = kaplan(v, False)
model = laws[law]

def fit(N, D, U, L):
    logL = np.log(L)
    def fg(t):
        lp, J = model(t, N, D, U)
        r = lp - logL
        return huber(delta, r).sum(), J.T @ np.clip(r, -delta, delta)
    opts = {"ftol": 1e-15, "gtol": 1e-10, "maxiter": 10000, "maxfun": 100000}
    best = None
    for s in starts:
        res = minimize(fg, s, jac=True, method="L-BFGS-B", bounds=bounds, options=opts)
        if np.isfinite(res.fun) and (best is None or res.fun < best.fun):
            best = res
    polished = minimize(fg, best.x, jac=True, method="L-BFGS-B", bounds=bounds, options=dict(opts, gtol=1e-12))
    return polished if polished.fun <= best.fun else best

N, D, U, L = data["params"], data["tokens"], data["unique"], data["loss"]
if "theta" in extra:
    from scipy.stats import norm
    from statsmodels.tools.eval_measures import aic, bic
    theta = np.array([float(v) for v in extra["theta"].split(",")])
    lp, _ = model(theta, N, D, U)
    r = lp - np.log(L)
    llf = norm.logpdf(r, scale=np.sqrt(np.mean(r ** 2))).sum()
    k = len(theta) + 1
    print(f"llf={float(llf)!r}")
    print(f"aic={float(aic(llf, len(r), k))!r}")
    print(f"bic={float(bic(llf, len(r), k))!r}")
    for i, v in enumerate(np.exp(lp)):
        print(f"pred {i}={float(v)!r}")
    sys.exit(0)
if idx_path == "-":
    samples = [np.arange(len(L))]
else:
    samples = [np.array([int(v) for v in line.split(",")]) for line in open(idx_path) if line.strip()]
for i, idx in enumerate(samples):
    res = fit(N[idx], D[idx], U[idx], L[idx])
    print(f"fit {i}: theta=" + ",".join(repr(float(v)) for v in res.x) + f" objective={float(res.fun)!r}")
