#!/usr/bin/env python3
"""Writes src/test/resources/oracle/stats-oracle.json: reference values for io.dubboai.abtest.stats.

Independent of the Java code: SciPy's own tests where SciPy has them (ttest_ind with equal_var=False, chisquare,
chi2_contingency with correction=False), and otherwise the published formula evaluated with NumPy/SciPy
distributions (statsmodels is not used: it is not packaged with this machine, and its proportions_ztest pools).
Run with Debian's python3-scipy:  /usr/bin/python3 src/test/python/stats_oracle.py  (from dubbo-ai-abtest/).
The output is committed; rerunning it with the same versions gives the same file.
"""
import json
import math
import platform
import sys

import numpy as np
import scipy
from scipy import stats

ALPHA = 0.05
rng = np.random.default_rng(20240613)


def proportions_case(xc, nc, xt, nt):
    pc, pt = xc / nc, xt / nt
    pooled = (xc + xt) / (nc + nt)
    se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nt))
    se_unpooled = math.sqrt(pt * (1 - pt) / nt + pc * (1 - pc) / nc)
    d = pt - pc
    z_pooled = d / se_pooled
    z_unpooled = d / se_unpooled
    # Pearson chi-square of the 2x2 table, WITHOUT Yates' correction (SciPy's default applies it)
    chi2, chi2_p, _, _ = stats.chi2_contingency([[xc, nc - xc], [xt, nt - xt]], correction=False)
    zc = stats.norm.isf(ALPHA / 2)
    # delta method for the ratio pt/pc, Bernoulli variances p(1-p)
    rel = pt / pc - 1
    var_rel = pt * (1 - pt) / nt / pc**2 + pt**2 * pc * (1 - pc) / nc / pc**4
    return {
        "control": [xc, nc],
        "treatment": [xt, nt],
        "pooled": {"z": z_pooled, "p": 2 * stats.norm.sf(abs(z_pooled))},
        "unpooled": {"z": z_unpooled, "p": 2 * stats.norm.sf(abs(z_unpooled))},
        "chi2_contingency_no_yates": {"statistic": chi2, "p": chi2_p},
        "absolute_ci": [d - zc * se_unpooled, d + zc * se_unpooled],
        "relative": rel,
        "relative_ci": [rel - zc * math.sqrt(var_rel), rel + zc * math.sqrt(var_rel)],
    }


def welch_case(a, b):
    # b is the treatment, a the control: statistic for mean(b) - mean(a)
    res = stats.ttest_ind(b, a, equal_var=False)
    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    d = float(np.mean(b) - np.mean(a))
    half = stats.t.isf(ALPHA / 2, df) * math.sqrt(va + vb)
    return {"control": list(map(float, a)), "treatment": list(map(float, b)), "t": float(res.statistic),
            "p": float(res.pvalue), "df": df, "ci": [d - half, d + half]}


def sequential_case(estimate, se, n, alpha, tau):
    # Johari et al. mSPRT with V = se^2 and mixing variance tau_abs^2 = tau^2 * n * se^2
    v = se**2
    t2 = tau**2 * n * se**2
    log_lr = 0.5 * math.log(v / (v + t2)) + t2 * estimate**2 / (2 * v * (v + t2))
    # inverting L < 1/alpha for the true difference: the confidence sequence
    half = math.sqrt(v * (v + t2) / t2 * (2 * math.log(1 / alpha) + math.log((v + t2) / v)))
    return {"estimate": estimate, "se": se, "n": n, "alpha": alpha, "tau": tau, "log_lr": log_lr,
            "p": min(1.0, math.exp(-log_lr)), "ci": [estimate - half, estimate + half]}


def cuped_case(ys, xs):
    y_all, x_all = np.concatenate(ys), np.concatenate(xs)
    theta = np.cov(y_all, x_all, ddof=1)[0, 1] / np.var(x_all, ddof=1)
    mx = np.mean(x_all)
    arms = []
    for y, x in zip(ys, xs):
        adj = y - theta * (x - mx)
        arms.append({"y": list(map(float, y)), "x": list(map(float, x)), "mean": float(np.mean(adj)),
                     "variance": float(np.var(adj, ddof=1))})
    return {"theta": float(theta), "arms": arms}


cases = {
    "proportions": [
        proportions_case(100, 1000, 120, 1000),
        proportions_case(1500, 15000, 1650, 15000),
        proportions_case(48, 2000, 31, 1800),
        proportions_case(5, 60, 12, 75),
    ],
    "welch": [
        welch_case(rng.normal(10, 2, 40), rng.normal(10.8, 3.5, 55)),
        welch_case(rng.exponential(3, 200), rng.exponential(3.3, 180)),
        welch_case(rng.normal(0, 1, 8), rng.normal(0.2, 5, 5)),
    ],
    "srm": [],
    "sequential": [
        sequential_case(0.01, 0.004, 30000, 0.05, 0.02),
        sequential_case(-0.3, 0.5, 400, 0.05, 0.1),
        sequential_case(0.002, 0.003, 100000, 0.01, 0.005),
        sequential_case(1.5, 0.4, 1000, 0.1, 0.05),
    ],
    "cuped": [],
}
for observed, weights in [([821588, 815482], [50, 50]), ([5040, 4960], [50, 50]), ([3300, 3350, 3500], [1, 1, 1]),
                          ([9000, 1100], [90, 10]), ([480, 520], [40, 60])]:
    total = sum(observed)
    expected = [total * w / sum(weights) for w in weights]
    res = stats.chisquare(observed, expected)
    cases["srm"].append({"observed": observed, "weights": weights, "statistic": float(res.statistic),
                         "p": float(res.pvalue)})
for _ in range(2):
    xs = [rng.normal(50, 10, 60), rng.normal(50, 10, 70)]
    ys = [0.8 * xs[0] + rng.normal(0, 4, 60), 0.8 * xs[1] + 2 + rng.normal(0, 4, 70)]
    cases["cuped"].append(cuped_case(ys, xs))

out = {
    "source": "SciPy stats (ttest_ind equal_var=False, chisquare, chi2_contingency correction=False) and the "
              "published formulas evaluated with NumPy/SciPy distributions; generated by src/test/python/stats_oracle.py",
    "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__},
    "alpha": ALPHA,
    "cases": cases,
}
path = "src/test/resources/oracle/stats-oracle.json"
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", path, file=sys.stderr)
