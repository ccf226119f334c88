#!/usr/bin/env python3
"""Reference values for the @modelroute/stats numerics tests.

Computes, with mpmath at 50 significant digits, the exact distribution functions at inputs that
are IEEE doubles (each input is converted to an mpf exactly, so the reference is the true value at
the double the test passes, rounded once to the nearest double on output).

    python3 packages/stats/scripts/reference-values.py > packages/stats/src/numerics/reference-values.json

Definitions used (all standard):
  normal cdf       Phi(x) = erfc(-x/sqrt 2)/2                         (mpmath.ncdf)
  normal quantile  sqrt(2) erfinv(2p - 1), solved in the tail for tiny p
  Student t cdf    P(T <= t) = I_{df/(df+t^2)}(df/2, 1/2)/2 for t < 0      (mpmath.betainc)
  t quantile       root of the t cdf (bracketed, Anderson-Bjorck), in log scale
  chi-square sf    Q(df/2, x/2), the regularized upper incomplete gamma    (mpmath.gammainc)
  log gamma        mpmath.loggamma
"""
import json
import sys

import mpmath
from mpmath import mp, mpf

mp.dps = 50


def ncdf(x):
    return mpmath.ncdf(mpf(x))


def nquantile(p):
    p = mpf(p)
    if p == mpf(1) / 2:
        return mpf(0)
    q = min(p, 1 - p)
    # Solve log Phi(-z) = log q for z > 0, starting from the erfinv value.
    z0 = -mpmath.sqrt(2) * mpmath.erfinv(2 * q - 1)
    z = mpmath.findroot(lambda z: mpmath.log(mpmath.ncdf(-z)) - mpmath.log(q), z0)
    return -z if p < mpf(1) / 2 else z


def t_lower_tail(t, df):
    """P(T <= -|t|)."""
    t, df = mpf(abs(t)), mpf(df)
    if t == 0:
        return mpf(1) / 2
    x = df / (df + t * t)
    return mpmath.betainc(df / 2, mpf(1) / 2, 0, x, regularized=True) / 2


def t_cdf(t, df):
    lo = t_lower_tail(t, df)
    return lo if t <= 0 else 1 - lo


def t_quantile(p, df):
    p = mpf(p)
    if p == mpf(1) / 2:
        return mpf(0)
    q = min(p, 1 - p)
    f = lambda t: mpmath.log(t_lower_tail(t, df)) - mpmath.log(q)
    lo, hi = mpf(0), mpf(1)
    while f(hi) > 0:
        lo, hi = hi, hi * 2
    root = mpmath.findroot(f, (lo, hi), solver='anderson')
    return -root if p < mpf(1) / 2 else root


def chisq_sf(x, df):
    return mpmath.gammainc(mpf(df) / 2, mpf(x) / 2, mpmath.inf, regularized=True)


def num(v):
    return float(v)


out = {
    'source': 'mpmath %s, mp.dps = 50, packages/stats/scripts/reference-values.py' % mpmath.__version__,
    'normalCdf': [],
    'normalQuantile': [],
    'studentTCdf': [],
    'studentTQuantile': [],
    'chiSquareSurvival': [],
    'logGamma': [],
}

for x in [-38.0, -37.5, -30.0, -20.0, -10.0, -8.0, -6.0, -5.657, -5.0, -3.0, -2.0, -1.959963984540054,
          -1.0, -0.6744, -0.5, -1e-10, 0.0, 1e-10, 0.3, 0.6745, 1.0, 1.5, 2.0, 3.0, 5.0, 5.7, 8.0, 8.25]:
    out['normalCdf'].append([x, num(ncdf(x)), num(ncdf(-x))])

for p in [1e-300, 1e-100, 1e-20, 1e-12, 1e-10, 1e-6, 1e-3, 0.01, 0.025, 0.05, 0.0749, 0.075, 0.0751, 0.1,
          0.3, 0.4999, 0.5, 0.5001, 0.7, 0.9, 0.925, 0.975, 0.999, 1 - 1e-6, 1 - 1e-12]:
    out['normalQuantile'].append([p, num(nquantile(p))])

for df in [0.5, 1.0, 1.5, 2.0, 3.0, 4.5, 5.0, 10.0, 30.0, 100.0, 1000.0, 1e5, 1e7]:
    for t in [-1e6, -100.0, -20.0, -5.0, -2.0, -1.0, -0.1, 0.0, 0.5, 1.96, 3.0, 10.0]:
        lo = t_cdf(t, df)
        out['studentTCdf'].append([t, df, num(lo), num(t_cdf(-t, df))])

for df in [1.0, 2.0, 3.0, 4.5, 10.0, 30.0, 100.0, 1e4, 1e6]:
    for p in [1e-12, 1e-8, 1e-4, 0.01, 0.025, 0.1, 0.4, 0.6, 0.9, 0.975, 0.99, 0.9999, 1 - 1e-8]:
        out['studentTQuantile'].append([p, df, num(t_quantile(p, df))])

for df in [1.0, 2.0, 3.0, 5.0, 10.0, 50.0, 100.0, 1000.0, 1e5]:
    for k in [0.01, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0]:
        x = df * k
        out['chiSquareSurvival'].append([x, df, num(chisq_sf(x, df))])
for x, df in [(3.84, 1.0), (100.0, 1.0), (200.0, 3.0), (1000.0, 10.0), (60.0, 2.0), (1e-8, 1.0), (0.0, 4.0)]:
    out['chiSquareSurvival'].append([x, df, num(chisq_sf(x, df))])

for x in [1e-300, 1e-10, 0.5, 1.0, 1.5, 2.0, 2.5, 9.99, 10.0, 10.5, 100.0, 1e5, 1e10]:
    out['logGamma'].append([x, num(mpmath.loggamma(mpf(x)))])

json.dump(out, sys.stdout, indent=None, separators=(',', ':'))
sys.stdout.write('\n')
