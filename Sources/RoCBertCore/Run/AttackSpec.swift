import Foundation

/// One attack of a suite: transformations, search, goal, constraints and budget.
///
/// Two runs compare only if their specs are equal; the store keeps the spec as `canonicalJSON`
/// and the report decodes it back into this type.
public struct AttackSpec: Sendable, Equatable {
    public var name: String
    public var transformations: [String]
    public var search: Search
    public var saliency: Saliency
    /// nil: untargeted; a class index: targeted.
    public var target: Int?
    public var constraints: Constraints
    /// Ceiling on model queries per example (cache misses, as TextAttack counts them).
    public var maxQueries: Int?
    /// Candidates tried per slot at most (the first ones each transformation ranks highest).
    public var maxCandidates: Int
    /// What success means for the QA and token-classification heads.
    public var goal: GoalOptions
    /// Which segment of a pair or multiple-choice input the attack edits.
    public var perturb: PerturbedSegment

    public enum Search: Sendable, Equatable {
        /// `guide`: the masked-LM checkpoint that ranks candidates (nil: the attacked checkpoint itself).
        case greedy, beam(width: Int), random, maskedLMGuided(topK: Int, guide: URL?)

        /// The suite's name for the method.
        public var name: String {
            switch self {
            case .greedy: return "greedy"
            case .beam: return "beam"
            case .random: return "random"
            case .maskedLMGuided: return "mlm-guided"
            }
        }
    }

    public enum Saliency: String, Sendable, Codable {
        case delete, unk
    }

    public struct Constraints: Sendable, Equatable {
        public var maxPerturbedRatio: Double = 0.2
        public var skipStopwords = true
        public var skipDigits = true
        /// Strings never edited wherever they occur.
        public var protectedStrings: [String] = []
        /// Character substitutes (sound and shape) may come from beyond the first `commonRank`
        /// characters of the 通用规范汉字表, which a reader may not know.
        public var allowRare = false
        /// Substitutes may tokenize to [UNK] in the attacked checkpoint's vocabulary (the model then
        /// sees no character at all, which says little about robustness to the substitution).
        public var allowUnk = false
        /// How far down the 通用规范汉字表 a substitute may come from when rare ones are not allowed
        /// (3,500: its level 1, the characters every reader knows).
        public var commonRank = 3500
        /// Edits every text may have however short it is. The budget is ⌊max_perturbed_ratio ×
        /// length⌋ characters, so by default a text too short for one edit at that ratio is not edited.
        public var minEdits = 0

        /// The defaults a suite gets when it says nothing.
        public init() {}
    }

    /// The transformation names a suite may use.
    public static let transformationNames: Set<String> = [
        "homophone", "near-homophone", "pinyin", "visual", "visual-slip", "split", "traditional", "synonym", "masked-lm",
        "checkpoint-homophone", "checkpoint-visual",
    ]

    public init(name: String, transformations: [String], search: Search = .greedy, saliency: Saliency = .delete,
                target: Int? = nil, constraints: Constraints = Constraints(), maxQueries: Int? = nil, maxCandidates: Int = 20,
                goal: GoalOptions = GoalOptions(), perturb: PerturbedSegment = .first) {
        self.name = name
        self.transformations = transformations
        self.search = search
        self.saliency = saliency
        self.target = target
        self.constraints = constraints
        self.maxQueries = maxQueries
        self.maxCandidates = maxCandidates
        self.goal = goal
        self.perturb = perturb
    }

    /// The same attack without a query budget: the runs of a budget sweep share it.
    public var withoutBudget: AttackSpec {
        var s = self
        s.maxQueries = nil
        return s
    }
}
