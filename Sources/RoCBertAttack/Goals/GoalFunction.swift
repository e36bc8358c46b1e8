/// How close one prediction is to what the attack wants.
public struct GoalResult: Sendable, Equatable {
    /// Higher is closer; comparable between candidates of one example.
    public var score: Double
    /// The attack has succeeded with this prediction.
    public var reached: Bool
    public init(score: Double, reached: Bool) {
        self.score = score
        self.reached = reached
    }
}

/// What counts as a successful attack on one example, judged from the model's output.
/// As in TextAttack, an example whose clean prediction already reaches the goal is skipped.
public protocol GoalFunction: Sendable {
    func evaluate(_ output: VictimOutput) -> GoalResult
}

/// Sequence classification and multiple choice: untargeted (leave the gold class) or targeted (reach a class).
public struct ClassificationGoal: GoalFunction {
    public let gold: Int
    /// Targeted attacks name the class to reach.
    public let target: Int?

    public init(gold: Int, target: Int? = nil) {
        self.gold = gold
        self.target = target
    }

    public func evaluate(_ output: VictimOutput) -> GoalResult {
        let p = output.probabilities
        if let target {
            return GoalResult(score: target < p.count ? p[target] : 0, reached: output.argmax == target)
        }
        return GoalResult(score: 1 - (gold < p.count ? p[gold] : 0), reached: output.argmax != gold)
    }
}

/// Token classification: the attack succeeds when the tag of a character in `watched` changes from
/// its clean prediction (every entity character, or one named span), among characters it did not edit.
public struct TokenClassificationGoal: GoalFunction {
    /// Clean predicted tag per character.
    public let clean: [Int?]
    /// Characters whose tag must change (entity characters, or a named span).
    public let watched: [Int]
    /// Gold tag per character, for the skip rule (clean prediction already wrong on a watched character).
    public let gold: [Int?]

    public init(clean: [Int?], gold: [Int?], watched: [Int]) {
        self.clean = clean
        self.gold = gold
        self.watched = watched
    }

    /// Whether the clean prediction is right on every watched character.
    public var cleanIsCorrect: Bool { watched.allSatisfy { clean[$0] == gold[$0] } }

    public func evaluate(_ output: VictimOutput) -> GoalResult {
        // A clean prediction that is already wrong counts as reached, so the runner skips it.
        if output.characterLabels == clean && !cleanIsCorrect { return GoalResult(score: 1, reached: true) }
        let changed = watched.filter { $0 < output.characterLabels.count && output.characterLabels[$0] != clean[$0] }.count
        return GoalResult(score: watched.isEmpty ? 0 : Double(changed) / Double(watched.count), reached: changed > 0)
    }
}

/// Extractive QA: the attack succeeds when the predicted answer text changes; the score is the F1 drop.
public struct QuestionAnsweringGoal: GoalFunction {
    public let gold: String
    public let cleanAnswer: String

    public init(gold: String, cleanAnswer: String) {
        self.gold = gold
        self.cleanAnswer = cleanAnswer
    }

    public func evaluate(_ output: VictimOutput) -> GoalResult {
        let answer = output.answer?.text ?? ""
        // A clean answer with no overlap with the gold one is already wrong: skipped.
        if answer == cleanAnswer && CharacterF1.score(cleanAnswer, gold) == 0 { return GoalResult(score: 1, reached: true) }
        return GoalResult(score: 1 - CharacterF1.score(answer, cleanAnswer), reached: answer != cleanAnswer)
    }
}

/// Masked LM: the attack succeeds when the top-1 fill of any [MASK] changes.
public struct MaskedLMGoal: GoalFunction {
    public let cleanFills: [String]
    /// Expected fills, when the data set gives them (a wrong clean fill is skipped).
    public let gold: [String]?

    public init(cleanFills: [String], gold: [String]?) {
        self.cleanFills = cleanFills
        self.gold = gold
    }

    public func evaluate(_ output: VictimOutput) -> GoalResult {
        let fills = output.fills.map(\.token)
        if let gold, fills == cleanFills, fills != gold { return GoalResult(score: 1, reached: true) }
        let changed = zip(fills, cleanFills).filter { $0 != $1 }.count
        let keep = zip(output.fills, cleanFills).map { $0.token == $1 ? $0.probability : 0 }
        let score = keep.isEmpty ? 0 : 1 - keep.reduce(0, +) / Double(keep.count)
        return GoalResult(score: score + Double(changed), reached: changed > 0)
    }
}

/// SQuAD-style character-overlap F1 (Chinese answers are compared character by character).
public enum CharacterF1 {
    public static func score(_ prediction: String, _ reference: String) -> Double {
        let p = Array(prediction.filter { !$0.isWhitespace }), r = Array(reference.filter { !$0.isWhitespace })
        if p.isEmpty || r.isEmpty { return p.isEmpty && r.isEmpty ? 1 : 0 }
        var counts: [Character: Int] = [:]
        for c in r { counts[c, default: 0] += 1 }
        var common = 0
        for c in p where counts[c, default: 0] > 0 { counts[c]! -= 1; common += 1 }
        if common == 0 { return 0 }
        let precision = Double(common) / Double(p.count), recall = Double(common) / Double(r.count)
        return 2 * precision * recall / (precision + recall)
    }
}
