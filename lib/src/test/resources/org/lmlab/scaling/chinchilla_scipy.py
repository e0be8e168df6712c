# Reference Approach-3 fit with scipy (L-BFGS-B, analytic gradient), best of a start grid.
# argv: csv path, grid spec "alphas;betas;es;as;bs" (comma-separated floats each), delta
import sys, itertools, time
import numpy as np
from scipy.optimize import minimize
from scipy.special import huber, logsumexp

path, spec, delta = sys.argv[1], sys.argv[2], float(sys.argv[3])
data = np.genfromtxt(path, delimiter=",", names=True)
keep = data["loss"] < np.sort(data["loss"])[-5]   # replication: drop the 5 highest losses
N, D, L = data["params"][keep], data["tokens"][keep], data["loss"][keep]
n, d, logL = np.log(N), np.log(D), np.log(L)

def fg(p):
    a, b, e, al, be = p
    t = np.stack([a - al * n, b - be * d, np.full_like(n, e)])
    lse = logsumexp(t, axis=0)
    r = lse - logL
    f = huber(delta, r).sum()
    hp = np.clip(r, -delta, delta)
    w = np.exp(t - lse)
    g = np.array([(hp * w[0]).sum(), (hp * w[1]).sum(), (hp * w[2]).sum(),
                  -(hp * w[0] * n).sum(), -(hp * w[1] * d).sum()])
    return f, g

grid = [np.array([float(x) for x in s.split(",")]) for s in spec.split(";")]
alphas, betas, es, As, Bs = grid
t0 = time.time()
best = None
for al, be, e, a, b in itertools.product(alphas, betas, es, As, Bs):
    res = minimize(fg, np.array([a, b, e, al, be]), jac=True, method="L-BFGS-B",
                   options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 10000, "maxfun": 100000})
    if best is None or res.fun < best.fun:
        best = res
# polish the best point
res = minimize(fg, best.x, jac=True, method="L-BFGS-B",
               options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 10000, "maxfun": 100000})
if res.fun <= best.fun:
    best = res
a, b, e, al, be = best.x
A, B, E = np.exp(a), np.exp(b), np.exp(e)
G = (al * A / (be * B)) ** (1 / (al + be))
C = 5.76e23
Nopt = G * (C / 6) ** (be / (al + be))
Dopt = (C / 6) ** (al / (al + be)) / G
for k, v in [("A", A), ("B", B), ("E", E), ("alpha", al), ("beta", be), ("objective", best.fun),
             ("gradnorm", np.abs(fg(best.x)[1]).max()), ("G", G), ("Nopt", Nopt), ("Dopt", Dopt),
             ("tpp", Dopt / Nopt), ("seconds", time.time() - t0), ("rows", float(len(L)))]:
    print(f"{k}={float(v)!r}")
