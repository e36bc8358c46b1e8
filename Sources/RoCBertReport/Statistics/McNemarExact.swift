/// McNemar's exact test: do two checkpoints, run on the same examples, differ in how often an
/// example survives the attack? Only the discordant pairs carry evidence, so examples both keep or
/// both lose do not enter, and the test stays exact however few pairs there are.
public enum McNemarExact {
    /// The two-sided p-value for b pairs where the baseline survived and the candidate fell and c
    /// pairs the other way round. Under the null hypothesis each of the b + c discordant pairs goes
    /// either way with probability ½, so
    ///
    ///     p = min(1, 2 · P(X ≤ min(b, c))),  X ~ Binomial(b + c, ½)
    ///
    /// as statsmodels' `mcnemar([[a, b], [c, d]], exact=True).pvalue` computes it; b + c = 0 gives
    /// p = 1 (no discordant pair, no evidence of a difference).
    public static func pValue(b: Int, c: Int) -> Double {
        precondition(b >= 0 && c >= 0, "pair counts are non-negative")
        guard b + c > 0 else { return 1 }
        return min(1, 2 * BinomialDistribution.cdfAtHalf(min(b, c), trials: b + c))
    }
}
