#!/usr/bin/env python3
"""Writes the expected values the report's statistics are held to (Sources/RoCBertReport/Statistics).

Run: python3 scripts/make_stats_fixtures.py   (creates scripts/.cache/venv-stats with numpy, scipy, statsmodels)
Output: scripts/fixtures/stats/expected.json, read by Tests/RoCBertReportTests/StatisticsTests.swift

Each section names the library call that produced its numbers:
- normal quantiles from scipy.stats.norm, at the confidence levels the report uses and at points that
  reach every branch of the Swift quantile (centre, tail, far tail);
- Wilson score intervals from statsmodels' proportion_confint, over a grid that holds k = 0, k = n,
  n = 1, n = 200 near 0.3 and n = 5000;
- McNemar's exact p-value from statsmodels' mcnemar, over a grid that holds b + c = 0, one side
  zero, ties, and counts in the thousands.

The bootstrap has no entry: scipy draws with another generator, so its intervals cannot be
reproduced bit for bit; the Swift tests check the bootstrap's own properties instead.

The statistics have a requirements file and venv of their own (requirements-stats.txt): the
reference venv installs torch and transformers, which take minutes and are not needed here.
"""
import os
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path.insert(0, str(SCRIPTS))
os.environ.setdefault("ROCBERT_VENV", str(SCRIPTS / ".cache" / "venv-stats"))
import reference_venv  # noqa: E402

reference_venv.ensure("requirements-stats.txt")

import json  # noqa: E402
import platform  # noqa: E402

import numpy  # noqa: E402
import scipy  # noqa: E402
import statsmodels  # noqa: E402
from scipy.stats import norm  # noqa: E402
from statsmodels.stats.contingency_tables import mcnemar  # noqa: E402
from statsmodels.stats.proportion import proportion_confint  # noqa: E402

OUT = SCRIPTS / "fixtures" / "stats" / "expected.json"

LEVELS = [0.8, 0.9, 0.95, 0.99]
# 1e-300 and 1e-20 reach the far tail (r > 5), 1e-6 … 0.05 and 0.95 … 0.999 the tail, 0.1 … 0.9 the centre.
QUANTILE_POINTS = [1e-300, 1e-20, 1e-12, 1e-6, 0.001, 0.025, 0.05, 0.0749, 0.1, 0.3, 0.5, 0.7, 0.9, 0.9251, 0.95, 0.975,
                   0.999, 1 - 1e-6, 1 - 1e-12]
WILSON_95 = [(0, 1), (1, 1), (1, 2), (0, 10), (3, 10), (10, 10), (0, 200), (1, 200), (59, 200), (60, 200), (61, 200),
             (174, 200), (199, 200), (200, 200), (0, 5000), (1, 5000), (1500, 5000), (2500, 5000), (4999, 5000), (5000, 5000)]
WILSON_OTHER_LEVELS = [(3, 10), (60, 200), (1500, 5000)]
MCNEMAR = [(0, 0), (0, 1), (1, 1), (0, 5), (5, 0), (5, 5), (3, 17), (17, 3), (0, 40), (40, 60), (60, 40), (10, 200),
           (500, 530), (1000, 1100), (2000, 2600), (0, 1000)]
# The concordant cells of the table; McNemar's test does not read them.
SURVIVED_BOTH, FELL_BOTH = 7, 11


def main():
    quantile_levels = [{"level": level, "z": float(norm.isf((1 - level) / 2))} for level in LEVELS]
    quantiles = [{"p": p, "z": float(norm.ppf(p))} for p in QUANTILE_POINTS]
    wilson = []
    for level in LEVELS:
        for k, n in WILSON_95 if level == 0.95 else WILSON_OTHER_LEVELS:
            lower, upper = proportion_confint(k, n, alpha=1 - level, method="wilson")
            wilson.append({"k": k, "n": n, "level": level, "lower": float(lower), "upper": float(upper)})
    mcnemar_cases = []
    for b, c in MCNEMAR:
        result = mcnemar([[SURVIVED_BOTH, b], [c, FELL_BOTH]], exact=True)
        mcnemar_cases.append({"b": b, "c": c, "p": float(result.pvalue)})
    expected = {
        "generated_by": "scripts/make_stats_fixtures.py",
        "versions": {"python": platform.python_version(), "numpy": numpy.__version__, "scipy": scipy.__version__,
                     "statsmodels": statsmodels.__version__},
        "z_at_level": {"call": "scipy.stats.norm.isf((1 - level) / 2)", "cases": quantile_levels},
        "normal_quantile": {"call": "scipy.stats.norm.ppf(p)", "cases": quantiles},
        "wilson": {"call": "statsmodels.stats.proportion.proportion_confint(k, n, alpha=1 - level, method='wilson')",
                   "cases": wilson},
        "mcnemar_exact": {"call": f"statsmodels.stats.contingency_tables.mcnemar([[{SURVIVED_BOTH}, b], [c, {FELL_BOTH}]],"
                                  " exact=True).pvalue",
                          "cases": mcnemar_cases},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(SCRIPTS.parent)}: {len(quantiles) + len(quantile_levels)} quantiles, "
          f"{len(wilson)} Wilson intervals, {len(mcnemar_cases)} McNemar p-values")


if __name__ == "__main__":
    main()
