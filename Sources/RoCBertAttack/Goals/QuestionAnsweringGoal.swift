/// Extractive QA. The model's answer is read as a span of the clean context (its place in the attacked
/// text mapped back through the edits), so an edit can change the answer only by moving it, never by
/// rewriting characters inside it. By default the attack succeeds when that span differs from the
/// clean prediction's; with `minF1Drop` it succeeds when character F1 against the gold answer falls
/// by at least that much.
public struct QuestionAnsweringGoal: GoalFunction {
    public let gold: String
    /// The clean prediction's span of the clean context (nil: no answer).
    public let cleanSpan: Range<Int>?
    public let cleanAnswer: String
    /// The F1 variant's threshold; nil judges the span.
    public let minF1Drop: Double?
    /// F1 of the clean answer against the gold one.
    public let cleanF1: Double

    /// F1 values are ratios of small counts, so a drop equal to the threshold may land a hair below it.
    static let tolerance = 1e-9

    public init(gold: String, cleanSpan: Range<Int>?, cleanAnswer: String, minF1Drop: Double? = nil) {
        self.gold = gold
        self.cleanSpan = cleanSpan
        self.cleanAnswer = cleanAnswer
        self.minF1Drop = minF1Drop
        cleanF1 = CharacterF1.score(cleanAnswer, gold)
    }

    public func evaluate(_ output: VictimOutput, on text: PerturbedText) -> GoalResult {
        // A clean answer with no overlap with the gold one is already wrong: reached before any edit,
        // so the runner skips the example.
        if cleanF1 == 0 { return GoalResult(score: 1, reached: true) }
        if let minF1Drop {
            let drop = cleanF1 - CharacterF1.score(output.answer?.text ?? "", gold)
            return GoalResult(score: drop, reached: drop >= minF1Drop - Self.tolerance)
        }
        let span = output.answer.flatMap { text.cleanRange(of: $0.range) }
        return GoalResult(score: 1 - Self.overlapF1(span, cleanSpan), reached: span != cleanSpan)
    }

    /// F1 of two spans' positions: 1 for the same span, 0 for disjoint ones or a missing one.
    static func overlapF1(_ a: Range<Int>?, _ b: Range<Int>?) -> Double {
        guard let a, let b, a.overlaps(b) else { return a == nil && b == nil ? 1 : 0 }
        let common = Double(a.clamped(to: b).count)
        let precision = common / Double(a.count), recall = common / Double(b.count)
        return 2 * precision * recall / (precision + recall)
    }
}
