"""The Beta distribution's quantiles, in plain Python.

The outlook's interval is a Beta posterior's equal-tailed interval; the standard
library has no incomplete beta function, and one function does not justify numpy
and scipy on every app server. The regularized incomplete beta is Lentz's continued
fraction (Numerical Recipes, 3rd ed., 6.4), good to about 1e-12 here; the quantile
inverts it by bisection, which cannot fail to converge on a monotone function.
"""

import math

_TINY = 1e-300
_EPSILON = 1e-13
_MAX_TERMS = 300


def _continued_fraction(a, b, x):
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_TERMS + 1):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPSILON:
            break
    return h


def beta_cdf(x, a, b):
    """P(X <= x) for X ~ Beta(a, b), a and b > 0."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    # The fraction converges fast on the side of the mean; use the symmetry on the other.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _continued_fraction(a, b, x) / a
    return 1.0 - front * _continued_fraction(b, a, 1.0 - x) / b


def beta_quantile(p, a, b):
    """The x with P(X <= x) = p for X ~ Beta(a, b), to within 1e-9."""
    low, high = 0.0, 1.0
    for _ in range(40):  # 2**-40 < 1e-12
        middle = (low + high) / 2
        if beta_cdf(middle, a, b) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2
