/// A person's mark on one attacked text: whether a reader still reads the original in it.
///
/// Automatic validity figures only estimate this; a reviewer's mark is the measure itself. The mark
/// carries the text the reviewer saw, so the store can refuse it when the example holds another text.
public struct Judgement: Codable, Equatable, Sendable {
    /// The mark for an attacked text that still reads as the original.
    public static let natural = "natural"
    /// The mark for an attacked text a reader no longer reads as the original.
    public static let unnatural = "unnatural"
    /// Every mark the store accepts.
    public static let marks = [natural, unnatural]

    /// The run the example belongs to.
    public var runId: Int64
    /// The example's index in that run.
    public var exampleIndex: Int
    /// The attacked text the reviewer judged.
    public var attackedText: String
    /// `natural` or `unnatural`; any other value is refused by the store.
    public var mark: String
    /// Who judged; each reviewer has one mark per example.
    public var reviewer: String
    /// ISO 8601, UTC, when the store recorded the current mark; nil on a judgement not yet recorded.
    public var recordedAt: String?

    /// A judgement; `recordedAt` is set by the store.
    public init(runId: Int64, exampleIndex: Int, attackedText: String, mark: String, reviewer: String, recordedAt: String? = nil) {
        self.runId = runId
        self.exampleIndex = exampleIndex
        self.attackedText = attackedText
        self.mark = mark
        self.reviewer = reviewer
        self.recordedAt = recordedAt
    }

    /// The mark says the attacked text still reads as the original.
    public var isNatural: Bool { mark == Self.natural }
}
