import RoCBertCore

/// Everything recorded about one attacked example; written in one transaction when it finishes.
public struct ExampleRecord: Codable, Equatable, Sendable {
    /// Position of the example in the data set (after any limit/shuffle), the resume key.
    public var exampleIndex: Int
    /// The data set's own id for the example.
    public var exampleId: String
    /// The text as the data set gives it.
    public var cleanText: String
    /// Second text for pair tasks (sentence pairs, QA context).
    public var pairText: String?
    /// Multiple choice: every choice as the model read it on the clean input (nil for other heads),
    /// so a record replays from the database alone.
    public var choices: [String]?
    /// The gold label (class, tags, answer span or mask fill).
    public var label: GoldLabel
    /// The prediction on the clean text.
    public var cleanPrediction: RecordedPrediction
    /// The model's scores on the clean text (probabilities or logits, as the goal function defines).
    public var cleanScores: [Double]
    /// The perturbed text that changed the prediction (successful), or the best tried (failed); nil when not attacked.
    public var attackedText: String?
    /// The prediction on `attackedText`.
    public var attackedPrediction: RecordedPrediction?
    /// The model's scores on `attackedText`.
    public var attackedScores: [Double]?
    /// How the attack ended.
    public var status: ExampleStatus
    /// Goal-function queries, including cache hits.
    public var queries: Int
    /// Rows actually sent to the model (cache misses).
    public var modelQueries: Int
    /// Unicode scalars changed by the attack.
    public var perturbedCharacters: Int
    /// Unicode scalars in the clean text.
    public var textLength: Int
    /// The edits from clean to attacked text, in the order the search made them.
    public var perturbations: [Perturbation]
    /// Task-specific numbers, e.g. `clean_f1`, `attacked_f1` for QA.
    public var extraMetrics: [String: Double]
    /// Why the example failed to run, for `error`.
    public var errorMessage: String?
    /// Wall time spent on the example.
    public var elapsedSeconds: Double

    /// A record; optional fields default to absent.
    public init(
        exampleIndex: Int, exampleId: String,
        cleanText: String, pairText: String? = nil, choices: [String]? = nil, label: GoldLabel,
        cleanPrediction: RecordedPrediction, cleanScores: [Double],
        attackedText: String? = nil, attackedPrediction: RecordedPrediction? = nil, attackedScores: [Double]? = nil,
        status: ExampleStatus,
        queries: Int, modelQueries: Int,
        perturbedCharacters: Int, textLength: Int,
        perturbations: [Perturbation] = [],
        extraMetrics: [String: Double] = [:],
        errorMessage: String? = nil,
        elapsedSeconds: Double
    ) {
        self.exampleIndex = exampleIndex
        self.exampleId = exampleId
        self.cleanText = cleanText
        self.pairText = pairText
        self.choices = choices
        self.label = label
        self.cleanPrediction = cleanPrediction
        self.cleanScores = cleanScores
        self.attackedText = attackedText
        self.attackedPrediction = attackedPrediction
        self.attackedScores = attackedScores
        self.status = status
        self.queries = queries
        self.modelQueries = modelQueries
        self.perturbedCharacters = perturbedCharacters
        self.textLength = textLength
        self.perturbations = perturbations
        self.extraMetrics = extraMetrics
        self.errorMessage = errorMessage
        self.elapsedSeconds = elapsedSeconds
    }
}
