/// How much of each segment of a truncated input the model read. Truncation drops a segment's last
/// tokens, so what it keeps is a prefix, counted here in Unicode scalars; nil for a segment read whole.
public struct ReadPrefix: Sendable, Equatable {
    /// The text (the multiple-choice stem).
    public var text: Int?
    /// The pair (the QA context).
    public var pair: Int?
    /// Multiple choice: each choice, read as the pair of its own row.
    public var choices: [Int?]

    public init(text: Int? = nil, pair: Int? = nil, choices: [Int?] = []) {
        self.text = text
        self.pair = pair
        self.choices = choices
    }

    /// A multiple-choice input from its rows, one (stem, choice) pair each. The stem is cut only as far
    /// as every row cut it: a character that one row reads can change the answer.
    public init(choiceRows rows: [ReadPrefix]) {
        let stems = rows.map(\.text)
        self.init(text: stems.contains(nil) ? nil : stems.compactMap { $0 }.max(), choices: rows.map(\.pair))
    }
}
