/// One example of a data set, with the fields its task needs.
public struct DatasetExample: Sendable, Equatable {
    /// Position in the file (0-based), the key records are stored under.
    public var index: Int
    /// The 1-based line of the data file it came from, for error messages (not part of its identity).
    public var line = 0
    public var id: String
    /// The text the attack perturbs (the context for QA).
    public var text: String
    /// Second segment of pair tasks.
    public var pair: String?
    /// Gold class (sequence classification) or choice (multiple choice).
    public var label: Int?
    public var choices: [String] = []
    /// Token classification: one tag per Unicode scalar of `text`.
    public var tags: [String] = []
    /// QA: the question and the gold answer with its start (Unicode scalars into `text`).
    public var question: String?
    public var answer: String?
    public var answerStart: Int?
    /// Strings the attack must not edit in this example.
    public var protected: [String] = []
}
