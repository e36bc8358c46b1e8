import RoCBertCore

/// Each figure of a run with its interval at the report's level: Wilson score intervals for the
/// proportions, seeded percentile bootstrap intervals (over examples) for the means. Percent
/// figures' intervals are in percent.
public struct RunIntervals: Equatable, Sendable {
    public var originalAccuracy: ConfidenceInterval?
    public var accuracyUnderAttack: ConfidenceInterval?
    public var attackSuccessRate: ConfidenceInterval?
    public var averagePerturbedPercent: ConfidenceInterval?
    public var averageQueries: ConfidenceInterval?
    public var averageModelQueries: ConfidenceInterval?

    /// `seed` and the run id pick the bootstrap's stream, so a report is the same every time it is written.
    public init(_ m: RunMetrics, level: Double, seed: UInt64, runId: Int64) {
        func wilson(_ k: Int, _ n: Int) -> ConfidenceInterval? {
            WilsonInterval.interval(successes: k, trials: n, level: level)?.percent
        }
        originalAccuracy = wilson(m.n - m.skipped, m.n)
        accuracyUnderAttack = wilson(m.failed, m.n)
        attackSuccessRate = wilson(m.successful, m.successful + m.failed)
        var streams = SplitMix64(seed: seed, stream: UInt64(bitPattern: runId))
        averagePerturbedPercent = Bootstrap.meanInterval(m.perturbedPercentSamples, level: level, seed: streams.next())
        averageQueries = Bootstrap.meanInterval(m.querySamples, level: level, seed: streams.next())
        averageModelQueries = Bootstrap.meanInterval(m.modelQuerySamples, level: level, seed: streams.next())
    }
}
