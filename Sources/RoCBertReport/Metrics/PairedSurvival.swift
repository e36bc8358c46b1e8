import RoCBertStore

/// A checkpoint against the baseline under the same attack, example by example: an example
/// *survives* when the checkpoint classified it correctly and the attack failed (what accuracy under
/// attack counts); skipped and successful examples fell. Errors are left out, as everywhere.
public enum PairedSurvival {
    /// Survived or fell, by example index.
    public static func outcomes(_ records: [ExampleRecord]) -> [Int: Bool] {
        var out: [Int: Bool] = [:]
        for r in records where r.status != .error { out[r.exampleIndex] = r.status == .failed }
        return out
    }

    /// The paired comparison of `candidate` with `baseline`; nil when their runs attacked different
    /// data sets, whose example indices name different texts.
    public static func compare(_ candidate: ReportRun, with baseline: ReportRun, level: Double, seed: UInt64) -> PairedComparison? {
        guard pairable(candidate, baseline) else { return nil }
        return PairedComparison(baseline: outcomes(baseline.records), candidate: outcomes(candidate.records), level: level,
                                seed: seed ^ UInt64(bitPattern: candidate.info.id))
    }

    /// Whether example indices name the same texts in both runs: not when they attacked different data sets.
    public static func pairable(_ a: ReportRun, _ b: ReportRun) -> Bool {
        guard let x = a.info.key.datasetHash, let y = b.info.key.datasetHash else { return true }
        return x == y
    }

    /// One example the two disagree on: both records, and which one survived.
    public struct Disagreement {
        public var baseline: ExampleRecord
        public var candidate: ExampleRecord
        public var baselineSurvived: Bool
        public var index: Int { baseline.exampleIndex }
    }

    /// The examples on which the two disagree (survived by one, fell under the other), lowest index first.
    public static func disagreements(_ candidate: ReportRun, with baseline: ReportRun) -> [Disagreement] {
        let a = outcomes(baseline.records), b = outcomes(candidate.records)
        let baseRows = Dictionary(baseline.records.map { ($0.exampleIndex, $0) }, uniquingKeysWith: { first, _ in first })
        let candidateRows = Dictionary(candidate.records.map { ($0.exampleIndex, $0) }, uniquingKeysWith: { first, _ in first })
        return a.keys.filter { b[$0] != nil && a[$0] != b[$0] }.sorted().map {
            Disagreement(baseline: baseRows[$0]!, candidate: candidateRows[$0]!, baselineSurvived: a[$0]!)
        }
    }

    /// "survived", "flipped" (the attack succeeded), "misclassified clean" (skipped) or "error".
    public static func outcomeName(_ r: ExampleRecord) -> String {
        switch r.status {
        case .failed: return "survived"
        case .successful: return "flipped"
        case .skipped: return "misclassified clean"
        case .error: return "error"
        }
    }
}
