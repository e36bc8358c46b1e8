"""Fits the polynomial of the GELU kernels' erfc (Sources/CRoCBertKernels/rowops.c, RB_ERFC_POLY).

erfc(z) = t · exp(−z² + P(t)), t = 1 / (1 + z/2), as in Numerical Recipes' erfcc, whose degree-9 P
keeps the relative error under 1.2e-7. A degree-7 P fitted here keeps it under ~6e-7 with two
fewer multiply-adds per 16 values; GELU's error stays dominated by fp32's rounding of z² (the same
worst cases, 1e-6 to 8e-6 relative down to v = −10, as with the degree-9 P).

P minimises the largest |P(t) − (ln(erfc(z) / t) + z²)| over z in [0, 9] (that difference is the
relative error of erfc) by Lawson's iteratively reweighted least squares.

Run:  python3 scripts/fit_erfc_polynomial.py [degree]   (numpy; prints the C array)
"""
import math
import sys

import numpy as np

degree = int(sys.argv[1]) if len(sys.argv) > 1 else 7
z = np.linspace(0.0, 9.0, 200001)
t = 1.0 / (1.0 + z / 2.0)
target = np.log(np.array([math.erfc(v) for v in z]) / t) + z * z
powers = np.vander(t, degree + 1)  # highest degree first, as the kernels evaluate it
weights = np.full(z.shape, 1.0 / z.size)
for _ in range(60):
    root = np.sqrt(weights)
    coefficients, *_ = np.linalg.lstsq(powers * root[:, None], target * root, rcond=None)
    error = np.abs(powers @ coefficients - target)
    weights = weights * error
    weights /= weights.sum()
coefficients32 = coefficients.astype(np.float32)
error32 = np.abs(powers @ coefficients32.astype(np.float64) - target).max()
print(f"degree {degree}: largest relative error of erfc {error32:.3g} (coefficients rounded to fp32)")
print(f"static const float RB_ERFC_POLY[{degree + 1}] = {{" + ", ".join(f"{np.format_float_positional(c, unique=True)}f" for c in coefficients32) + "};")
