/// The goal settings of an attack beyond untargeted / targeted: what "the answer changed" means for
/// the extractive-QA and token-classification heads. Defaults are the settings a suite gets when it
/// names none, and the stored form leaves a default out (see `AttackSpec`'s coding).
public struct GoalOptions: Sendable, Equatable {
    /// Extractive QA: nil judges the predicted span (success when it moves in the clean text); a value
    /// in (0, 1] judges F1 against the gold answer (success when it falls by at least this much).
    public var minF1Drop: Double?
    /// Token classification: whether an entity of the clean prediction must be lost, or one tag change.
    public var nerLevel: NERLevel = .entity
    /// Token classification: the entity types watched (PER, LOC, …); empty watches every type.
    public var watch: [String] = []
    /// Which success rule a question-answering or token-classification attack is judged by: nil for
    /// runs recorded under the first rule (QA by answer text, NER counting edited characters), so
    /// such a run never resumes under the current one; `currentRule` for every suite read now.
    public var rule: Int?

    /// The rule `GoalOptions` describe: QA by span, NER among unedited characters.
    public static let currentRule = 2

    /// What a token-classification attack must change among the characters it did not edit.
    public enum NERLevel: String, Sendable, Codable, CaseIterable {
        /// An entity of the clean prediction (seqeval's chunks) is lost or changes type.
        case entity
        /// The tag of one character inside an entity of the clean prediction changes.
        case token
    }

    public init(minF1Drop: Double? = nil, nerLevel: NERLevel = .entity, watch: [String] = [], rule: Int? = nil) {
        self.minF1Drop = minF1Drop
        self.nerLevel = nerLevel
        self.watch = watch
        self.rule = rule
    }
}
