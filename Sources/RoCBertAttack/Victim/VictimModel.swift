/// One query to the model: a text, and the second segment for pair tasks (or the question for QA).
public struct VictimInput: Hashable, Sendable {
    public var text: String
    public var pair: String?
    /// Multiple choice: the choices each paired with `text`.
    public var choices: [String]
    public init(text: String, pair: String? = nil, choices: [String] = []) {
        self.text = text
        self.pair = pair
        self.choices = choices
    }
}

/// What the model answered for one input; which fields are set depends on the head.
public struct VictimOutput: Sendable, Equatable {
    /// Sequence classification / multiple choice: class (or choice) probabilities.
    public var probabilities: [Double] = []
    /// Token classification: the predicted label per character (Unicode scalar) of the text the model
    /// read, nil where no token starts; goals map attacked positions back through the text's edits.
    public var characterLabels: [Int?] = []
    /// Extractive QA: the predicted answer as a scalar range of the context the model read, and its text.
    public var answer: (range: Range<Int>, text: String)? = nil
    /// Masked LM: the top-1 fill for each [MASK], and its probability.
    public var fills: [(token: String, probability: Double)] = []
    /// The input was longer than the model's window and was truncated.
    public var truncated = false
    /// When it was truncated, how much of each segment the model read.
    public var readPrefix = ReadPrefix()

    public init(probabilities: [Double] = []) { self.probabilities = probabilities }

    public static func == (a: VictimOutput, b: VictimOutput) -> Bool {
        a.probabilities == b.probabilities && a.characterLabels == b.characterLabels
            && a.answer?.range == b.answer?.range && a.answer?.text == b.answer?.text
            && a.fills.map(\.token) == b.fills.map(\.token) && a.fills.map(\.probability) == b.fills.map(\.probability)
    }

    /// Index of the largest probability.
    public var argmax: Int { probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0 }
}

/// The model under attack, answering a batch of inputs at once.
public protocol VictimModel: Sendable {
    /// Predictions for every input, in order; one forward pass per length bucket.
    func predict(_ inputs: [VictimInput]) throws -> [VictimOutput]
    /// Class or tag names by index (from the checkpoint's id2label).
    var labelNames: [String] { get }
}
