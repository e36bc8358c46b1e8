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
        if let a = candidate.info.key.datasetHash, let b = baseline.info.key.datasetHash, a != b { return nil }
        return PairedComparison(baseline: outcomes(baseline.records), candidate: outcomes(candidate.records), level: level,
                                seed: seed ^ UInt64(bitPattern: candidate.info.id))
    }

    /// The examples on which the two disagree, lowest index first: survived by the baseline only
    /// (`baselineOnly`) or by the candidate only.
    public static func disagreements(_ candidate: ReportRun, with baseline: ReportRun) -> [(index: Int, baselineSurvived: Bool)] {
        let a = outcomes(baseline.records), b = outcomes(candidate.records)
        return a.keys.filter { b[$0] != nil && a[$0] != b[$0] }.sorted().map { ($0, a[$0]!) }
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
