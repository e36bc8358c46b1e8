import RoCBertCore

/// Seeded percentile bootstrap intervals for means over examples (perturbed %, queries) and for
/// paired differences between checkpoints on the examples they share.
///
/// Draws come from `SplitMix64.below(_:)`, never the standard library's generator, and the
/// replicate means are summed in draw order, so one seed gives the same interval, bit for bit, on
/// every machine and Swift version. The intervals are not comparable with scipy's bootstrap, which
/// draws with another generator; what they promise is reproducibility, not agreement.
public enum Bootstrap {
    /// Replicates drawn unless the caller asks for another number.
    public static let defaultReplicates = 2000

    /// The percentile interval of the mean of `values` at `level`; nil when `values` is empty.
    ///
    /// Each of `replicates` replicates draws n = values.count indices uniformly with replacement from
    /// one `SplitMix64(seed:)` (replicate after replicate, index after index) and takes the mean of
    /// the values drawn. The bounds are the (1 − level)/2 and (1 + level)/2 percentiles of the sorted
    /// replicate means, each by linear interpolation (numpy's default `method="linear"`): for
    /// sorted means m₀ ≤ … ≤ m_{B−1} and q in [0, 1], h = (B − 1)·q, i = ⌊h⌋, and the percentile is
    /// m_i + (h − i)·(m_{i+1} − m_i).
    public static func meanInterval(
        _ values: [Double], level: Double = 0.95, replicates: Int = defaultReplicates, seed: UInt64
    ) -> ConfidenceInterval? {
        precondition(level > 0 && level < 1, "a confidence level is in (0, 1)")
        precondition(replicates > 0, "at least one replicate")
        guard !values.isEmpty else { return nil }
        let means = replicateMeans(values, replicates: replicates, seed: seed).sorted()
        let tail = (1 - level) / 2
        return ConfidenceInterval(
            lower: percentile(sorted: means, tail), upper: percentile(sorted: means, 1 - tail), level: level)
    }

    /// The paired percentile interval of mean(candidate) − mean(baseline), where baseline[i] and
    /// candidate[i] are one example's figures under two checkpoints (0/1 for a proportion such as
    /// survived/fell); nil when there are no pairs.
    ///
    /// A replicate draws pair indices, not each side separately, so what the two checkpoints share
    /// through the examples cancels. Its difference of means equals the mean of the drawn
    /// differences candidate[i] − baseline[i], so this is `meanInterval` of those differences.
    public static func pairedDifferenceInterval(
        baseline: [Double], candidate: [Double], level: Double = 0.95, replicates: Int = defaultReplicates,
        seed: UInt64
    ) -> ConfidenceInterval? {
        precondition(baseline.count == candidate.count, "a paired bootstrap needs one figure per checkpoint per example")
        let differences = zip(candidate, baseline).map { $0 - $1 }
        return meanInterval(differences, level: level, replicates: replicates, seed: seed)
    }

    /// The mean of each replicate, in the order drawn.
    static func replicateMeans(_ values: [Double], replicates: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        let n = values.count
        return (0..<replicates).map { _ in
            var sum = 0.0
            for _ in 0..<n { sum += values[generator.below(n)] }
            return sum / Double(n)
        }
    }

    /// The q-th quantile (q in [0, 1]) of ascending `sorted` by linear interpolation between the
    /// order statistics on either side of position (count − 1)·q.
    static func percentile(sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty && q >= 0 && q <= 1)
        let h = Double(sorted.count - 1) * q
        let i = Int(h.rounded(.down))
        guard i + 1 < sorted.count else { return sorted[sorted.count - 1] }
        return sorted[i] + (h - Double(i)) * (sorted[i + 1] - sorted[i])
    }
}
