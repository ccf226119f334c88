#!/usr/bin/env python3
"""Reference values for the @modelroute/stats numerics tests.

Computes, with mpmath at 50 significant digits, the exact distribution functions at inputs that
are IEEE doubles (each input is converted to an mpf exactly, so the reference is the true value at
the double the test passes, rounded once to the nearest double on output).

    python3 packages/stats/scripts/reference-values.py > packages/stats/src/numerics/reference-values.json

Definitions used (all standard):
  normal cdf       Phi(x) = erfc(-x/sqrt 2)/2                         (mpmath.ncdf)
  normal quantile  sqrt(2) erfinv(2p - 1), solved in the tail for tiny p
  Student t tail   P(T <= -|t|) = I_{df/(df+t^2)}(df/2, 1/2)/2   (mpmath.betainc; hyp2f1 near x = 1)
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
    if q > mpf('1e-10'):
        z0 = -mpmath.sqrt(2) * mpmath.erfinv(2 * q - 1)
    else:  # asymptotic start; erfinv(2q - 1) would need more than 50 digits here
        l = -2 * mpmath.log(q)
        z0 = mpmath.sqrt(l - mpmath.log(l) - mpmath.log(2 * mpmath.pi))
    z = mpmath.findroot(lambda z: mpmath.log(mpmath.ncdf(-z)) - mpmath.log(q), z0)
    return -z if p < mpf(1) / 2 else z


def t_two_sided(t, df):
    """P(|T| > |t|) = I_x(df/2, 1/2), x = df/(df + t^2)."""
    t, df = mpf(abs(t)), mpf(df)
    if t == 0:
        return mpf(1)
    x = df / (df + t * t)
    if x < 0.5:
        return mpmath.betainc(df / 2, mpf(1) / 2, 0, x, regularized=True)
    # Near x = 1 mpmath's betainc does not converge for large df; use
    # I_x(a, b) = 1 - I_y(b, a) = 1 - y^b 2F1(b, 1 - a; b + 1; y) / (b B(b, a)) instead, with enough
    # extra digits for the cancellation (the t tail is heavier than the normal tail, so
    # t^2 / (2 ln 10) bounds the digits lost) and for the alternating series (of size about e^(t^2/2)).
    if t * t / 2 / mpmath.log(10) > 330:
        return mpf(0)  # below the smallest double
    a, b = df / 2, mpf(1) / 2
    with mp.workdps(int(50 + 2 * mpmath.ceil(t * t / 2 / mpmath.log(10)))):
        y = t * t / (df + t * t)
        complement = y ** b * mpmath.hyp2f1(b, 1 - a, b + 1, y, maxterms=10 ** 7) / (b * mpmath.beta(b, a))
        return +(1 - complement)


def t_lower_tail(t, df):
    """P(T <= -|t|)."""
    return t_two_sided(t, df) / 2


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


def welch(na, ma, va, nb, mb, vb, alpha):
    na, ma, va, nb, mb, vb, alpha = map(mpf, (na, ma, va, nb, mb, vb, alpha))
    sa, sb = va / na, vb / nb
    se = mpmath.sqrt(sa + sb)
    diff = mb - ma
    t = diff / se
    df = (sa + sb) ** 2 / (sa ** 2 / (na - 1) + sb ** 2 / (nb - 1))
    p = t_two_sided(t, df)
    q = t_quantile(1 - alpha / 2, df)
    return [num(t), num(df), num(p), num(diff - q * se), num(diff + q * se)]


def two_proportion(na, xa, nb, xb, alpha):
    na, xa, nb, xb, alpha = map(mpf, (na, xa, nb, xb, alpha))
    pa, pb = xa / na, xb / nb
    pooled = (xa + xb) / (na + nb)
    z = (pb - pa) / mpmath.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    p = 2 * mpmath.ncdf(-abs(z))
    zc = nquantile(1 - alpha / 2)
    se = mpmath.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    return [num(z), num(p), num(pb - pa - zc * se), num(pb - pa + zc * se)]


def srm(counts, weights):
    n = sum(mpf(c) for c in counts)
    w = sum(mpf(x) for x in weights)
    chi = sum((mpf(c) - mpf(x) / w * n) ** 2 / (mpf(x) / w * n) for c, x in zip(counts, weights))
    df = len(counts) - 1
    return [num(chi), num(chisq_sf(chi, df))]


def sample_size(sd, mde, alpha, power):
    z = nquantile(1 - mpf(alpha) / 2) + nquantile(mpf(power))
    n = 2 * z ** 2 * mpf(sd) ** 2 / mpf(mde) ** 2
    assert abs(n - mpmath.nint(n)) > mpf('1e-6'), 'too close to an integer to test rounding'
    return int(mpmath.ceil(n))


def sample_size_proportions(p, mde, alpha, power):
    p, mde = mpf(p), mpf(mde)
    p2 = p + mde
    pbar = (p + p2) / 2
    root = (nquantile(1 - mpf(alpha) / 2) * mpmath.sqrt(2 * pbar * (1 - pbar))
            + nquantile(mpf(power)) * mpmath.sqrt(p * (1 - p) + p2 * (1 - p2)))
    n = root ** 2 / mde ** 2
    assert abs(n - mpmath.nint(n)) > mpf('1e-6'), 'too close to an integer to test rounding'
    return int(mpmath.ceil(n))


out = {
    'source': 'mpmath %s, mp.dps = 50, packages/stats/scripts/reference-values.py' % mpmath.__version__,
    'normalCdf': [],
    'normalQuantile': [],
    'studentTCdf': [],
    'studentTQuantile': [],
    'chiSquareSurvival': [],
    'logGamma': [],
    'welch': [],
    'twoProportion': [],
    'srm': [],
    'sampleSize': [],
    'sampleSizeProportions': [],
}

for x in [-38.0, -37.5, -30.0, -20.0, -10.0, -8.0, -6.0, -5.657, -5.0, -3.0, -2.0, -1.959963984540054,
          -1.0, -0.6744, -0.5, -1e-10, 0.0, 1e-10, 0.3, 0.6745, 1.0, 1.5, 2.0, 3.0, 5.0, 5.7, 8.0, 8.25]:
    out['normalCdf'].append([x, num(ncdf(x)), num(ncdf(-x))])

for p in [1e-300, 1e-100, 1e-20, 1e-12, 1e-10, 1e-6, 1e-3, 0.01, 0.025, 0.05, 0.0749, 0.075, 0.0751, 0.1,
          0.3, 0.4999, 0.5, 0.5001, 0.7, 0.9, 0.925, 0.975, 0.999, 1 - 1e-6, 1 - 1e-12]:
    out['normalQuantile'].append([p, num(nquantile(p))])

# [t, df, P(T <= -|t|)]: the lower tail; the cdf at +|t| is 1 minus it.
for df in [0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 4.5, 5.0, 10.0, 29.9, 30.0, 30.1, 45.3, 100.0, 1000.0, 1e4, 1e5,
           1e6, 1e7, 1e9]:
    for t in [0.0, 0.01, 0.1, 0.5, 1.0, 1.5, 1.96, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0,
              50.0, 100.0, 1e3, 1e6, 1e10]:
        lo = t_lower_tail(t, df)
        if lo > mpf('1e-300') or t == 0:
            out['studentTCdf'].append([t, df, num(lo)])

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

# [na, ma, va, nb, mb, vb, alpha, t, df, p, ciLow, ciHigh]
for args in [(10, 5.0, 4.0, 12, 6.5, 9.0, 0.05), (3, 0.1, 0.01, 40, 0.12, 0.04, 0.05),
             (1000, 0.231, 0.0432, 1200, 0.2244, 0.0399, 0.01), (50, 100.0, 225.0, 50, 91.0, 400.0, 0.1),
             (2, -1.0, 0.5, 2, 1.0, 0.5, 0.05), (200000, 12.0, 30.0, 180000, 12.05, 33.0, 0.05)]:
    out['welch'].append(list(args) + welch(*args))

# [na, xa, nb, xb, alpha, z, p, ciLow, ciHigh]
for args in [(1000, 100, 1000, 130, 0.05), (5000, 250, 5100, 201, 0.01), (40, 1, 35, 6, 0.05),
             (100000, 2000, 100000, 2120, 0.05)]:
    out['twoProportion'].append(list(args) + two_proportion(*args))

# [counts, weights, chiSquare, p]
for counts, weights in [([5050, 4950], [50, 50]), ([10000, 10310], [1, 1]), ([821, 1006, 1210], [1, 1.2, 1.5]),
                        ([9, 31], [1, 3]), ([47000, 2780], [95, 5]), ([1000, 1000, 1000, 1100], [1, 1, 1, 1])]:
    out['srm'].append([counts, weights] + srm(counts, weights))

# [sd, mde, alpha, power, n]
for args in [(1.0, 0.2, 0.05, 0.8), (1.0, 0.5, 0.05, 0.8), (12.5, 1.3, 0.01, 0.9), (0.3, -0.01, 0.1, 0.95),
             (2.0, 0.05, 0.05, 0.5)]:
    out['sampleSize'].append(list(args) + [sample_size(*args)])

# [p, mde, alpha, power, n]
for args in [(0.1, 0.02, 0.05, 0.8), (0.5, -0.05, 0.05, 0.9), (0.01, 0.002, 0.01, 0.8), (0.9, 0.05, 0.1, 0.95)]:
    out['sampleSizeProportions'].append(list(args) + [sample_size_proportions(*args)])

json.dump(out, sys.stdout, indent=None, separators=(',', ':'), allow_nan=False)
sys.stdout.write('\n')
