/// How a candidate checkpoint compares with the baseline under the same attack, on the examples
/// both were run on: the difference in the share that survived, its paired-bootstrap interval, and
/// McNemar's exact test. Pairing on shared examples removes the spread between easy and hard
/// examples, which otherwise swamps differences of a few points at a few hundred examples.
public struct PairedComparison: Equatable, Sendable {
    /// Shared examples the baseline survived and the candidate fell on (McNemar's b).
    public var baselineOnlySurvived: Int
    /// Shared examples the candidate survived and the baseline fell on (McNemar's c).
    public var candidateOnlySurvived: Int
    /// Examples recorded for both checkpoints.
    public var shared: Int
    /// Examples recorded for one checkpoint only; they enter neither Δ nor the test.
    public var leftOut: Int
    /// Candidate's share surviving minus the baseline's over the shared examples, as a fraction:
    /// (c − b) / shared, since the examples both survived or both fell cancel. nil when none are shared.
    public var delta: Double?
    /// Paired percentile bootstrap interval of `delta` (`Bootstrap.pairedDifferenceInterval`); nil
    /// when none are shared.
    public var interval: ConfidenceInterval?
    /// McNemar's exact two-sided p-value on b and c; 1 when no pair is discordant.
    public var pValue: Double
    /// The confidence level of `interval` and of `significant`.
    public var level: Double

    /// Whether the difference is significant at `level`: p < 1 − level.
    public var significant: Bool { pValue < 1 - level }

    /// Compares survived (true) / fell (false) outcomes keyed by example id. The shared ids are put in
    /// ascending order before the bootstrap draws, so a seed gives the same interval whatever order
    /// the dictionaries hold them in.
    public init<ID: Hashable & Comparable>(
        baseline: [ID: Bool], candidate: [ID: Bool], level: Double = 0.95,
        replicates: Int = Bootstrap.defaultReplicates, seed: UInt64
    ) {
        let sharedIds = baseline.keys.filter { candidate[$0] != nil }.sorted()
        let base = sharedIds.map { baseline[$0]! ? 1.0 : 0.0 }
        let cand = sharedIds.map { candidate[$0]! ? 1.0 : 0.0 }
        let b = zip(base, cand).filter { $0 == 1 && $1 == 0 }.count
        let c = zip(base, cand).filter { $0 == 0 && $1 == 1 }.count
        baselineOnlySurvived = b
        candidateOnlySurvived = c
        shared = sharedIds.count
        leftOut = baseline.count + candidate.count - 2 * sharedIds.count
        delta = sharedIds.isEmpty ? nil : Double(c - b) / Double(sharedIds.count)
        interval = Bootstrap.pairedDifferenceInterval(
            baseline: base, candidate: cand, level: level, replicates: replicates, seed: seed)
        pValue = McNemarExact.pValue(b: b, c: c)
        self.level = level
    }
}
