import Foundation
import RoCBertStore

/// What people said of a run's attacked texts: how many of their marks say a reader still reads
/// the original. Every reviewer's mark counts, so two reviewers of one text give two judgements.
public struct JudgementMetrics: Equatable, Sendable {
    /// Judgements marking the attacked text natural.
    public var natural: Int
    /// All judgements of the run.
    public var judged: Int

    /// The figures of `judgements`.
    public init(judgements: [Judgement]) {
        natural = judgements.filter(\.isNatural).count
        judged = judgements.count
    }

    /// natural / judged in percent; nil when nothing was judged.
    public var naturalShare: Double? { RunMetrics.percent(natural, judged) }

    /// `15 / 20 (75.0%)`, or `–` when nothing was judged.
    public var formatted: String {
        guard let share = naturalShare else { return MetricFormat.undefined }
        return "\(natural) / \(judged) (\(String(format: "%.1f", share))%)"
    }
}
