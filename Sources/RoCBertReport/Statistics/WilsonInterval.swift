/// The Wilson score interval for a proportion (original accuracy, accuracy under attack, attack
/// success rate). Unlike the normal ("Wald") interval it stays inside [0, 1] and keeps a sensible
/// width at k = 0 and k = n, which small samples and robust checkpoints produce often.
public enum WilsonInterval {
    /// The interval for k successes of n trials at `level`, without continuity correction; nil when
    /// n = 0 (no proportion to estimate). With p̂ = k/n and z the two-sided critical value at `level`:
    ///
    ///     centre = (p̂ + z²/2n) / (1 + z²/n)
    ///     half   = z · √(p̂(1 − p̂)/n + z²/4n²) / (1 + z²/n)
    ///     [centre − half, centre + half], clipped to [0, 1]
    ///
    /// computed in this order, as statsmodels' `proportion_confint(k, n, alpha, method="wilson")` does.
    /// The bounds lie in [0, 1] in exact arithmetic; the clip (statsmodels clips too) keeps rounding
    /// at k = 0 and k = n from carrying them a hair outside, which a report would print as −0.0%.
    public static func interval(successes k: Int, trials n: Int, level: Double = 0.95) -> ConfidenceInterval? {
        precondition(k >= 0 && k <= n, "successes must lie in 0...trials")
        guard n > 0 else { return nil }
        let z = NormalQuantile.twoSidedCriticalValue(level: level)
        let nobs = Double(n)
        let p = Double(k) / nobs
        let z2 = z * z
        let denominator = 1 + z2 / nobs
        let centre = (p + z2 / (2 * nobs)) / denominator
        let half = z * (p * (1 - p) / nobs + z2 / (4 * (nobs * nobs))).squareRoot() / denominator
        return ConfidenceInterval(lower: min(max(centre - half, 0), 1), upper: min(max(centre + half, 0), 1), level: level)
    }
}
