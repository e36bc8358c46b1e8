import RoCBertStore

/// Whether a run's successful attacks still read as the original text: figures over the
/// substitutions of its successful examples. Shares are in percent, nil when their denominator is zero.
///
/// A robustness figure only means something if the attacked text keeps its meaning for a reader,
/// so these sit beside the attack metrics. Failed attacks are left out: their edits were undone.
public struct ValidityMetrics: Equatable, Sendable {
    /// Only substitutions this common or commoner count as everyday characters.
    public static let commonRankLimit = 3500

    /// Successful examples.
    public var successfulExamples = 0
    /// Perturbations of the successful examples.
    public var substitutions = 0
    /// Substitutions whose pair is in human confusion data, over those where that is known.
    public var humanConfusionShare: Double?
    /// Median General Standard list index of the substitutes that have one.
    public var medianSubstituteRank: Double?
    /// Single-character substitutes ranked past `commonRankLimit` or not in the list at all, over every
    /// single-character substitute; nil also when the run recorded no validity facts, since an
    /// unrecorded rank is unknown rather than outside the list.
    public var outsideCommonShare: Double?
    /// Sound-based substitutions whose tone changed, over those where that is known.
    public var toneChangedShare: Double?
    /// Substitutions the checkpoint reads as [UNK], over all substitutions.
    public var unknownTokenShare: Double?
    /// substitutions / successful examples.
    public var editsPerSuccess: Double?
    /// Successful examples with perturbed characters / text length above the attack's
    /// `max_perturbed_ratio`: the harness always allows one edit, which overshoots on short texts.
    public var overBudgetTexts = 0
    /// Some perturbation of the run (successful or not) carries a validity fact; runs recorded
    /// before the store kept them have none.
    public var recorded = false

    /// The figures of `run`, against its attack's edit budget.
    public init(run: ReportRun) {
        self.init(records: run.records, maxPerturbedRatio: run.spec.constraints.maxPerturbedRatio)
    }

    /// The figures of `records`, whose attack allowed `maxPerturbedRatio` of a text's characters.
    public init(records: [ExampleRecord], maxPerturbedRatio: Double) {
        recorded = records.contains { $0.perturbations.contains(where: Self.hasValidityFact) }
        let successful = records.filter { $0.status == .successful }
        let edits = successful.flatMap(\.perturbations)
        successfulExamples = successful.count
        substitutions = edits.count

        let confusion = edits.compactMap(\.humanConfusion)
        humanConfusionShare = RunMetrics.percent(confusion.filter { $0 }.count, confusion.count)
        medianSubstituteRank = Self.median(edits.compactMap(\.substituteRank))
        if recorded {
            let singles = edits.filter { $0.replacement.unicodeScalars.count == 1 }
            let outside = singles.filter { ($0.substituteRank ?? .max) > Self.commonRankLimit }
            outsideCommonShare = RunMetrics.percent(outside.count, singles.count)
        }
        let tones = edits.compactMap(\.toneChanged)
        toneChangedShare = RunMetrics.percent(tones.filter { $0 }.count, tones.count)
        unknownTokenShare = RunMetrics.percent(edits.filter(\.outOfVocabulary).count, edits.count)
        editsPerSuccess = successful.isEmpty ? nil : Double(edits.count) / Double(successful.count)
        overBudgetTexts = successful.filter {
            $0.textLength > 0 && Double($0.perturbedCharacters) / Double($0.textLength) > maxPerturbedRatio
        }.count
    }

    private static func hasValidityFact(_ p: Perturbation) -> Bool {
        p.humanConfusion != nil || p.substituteRank != nil || p.toneChanged != nil
    }

    /// The middle value, or the mean of the two middle ones.
    static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
    }
}
