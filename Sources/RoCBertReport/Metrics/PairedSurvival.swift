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
}
