import RoCBertCore

/// Everything a search method needs for one example: the goal, the counted model, the candidate
/// generator (already constrained), and the limits.
public struct SearchContext {
    public let goal: any GoalFunction
    public let queries: QueryCounter
    /// The model input for a perturbed text (it may be the pair or the question that is attacked).
    public let input: (PerturbedText) -> VictimInput
    /// Candidate edits starting at a slot of the current text, already filtered by the constraints.
    public let candidates: (PerturbedText, Int) -> [SlotEdit]
    /// Slots the constraints allow to edit (not protected, not stopwords, digits or Latin).
    public let editableSlots: [Int]
    /// Most clean characters that may change (max perturbed-character ratio × length).
    public let maxPerturbed: Int
    /// What a slot becomes for replacement saliency ("[UNK]"), or nil for deletion saliency.
    public let saliencyToken: String?
    public var random: SplitMix64

    public init(
        goal: any GoalFunction, queries: QueryCounter, input: @escaping (PerturbedText) -> VictimInput,
        candidates: @escaping (PerturbedText, Int) -> [SlotEdit], editableSlots: [Int], maxPerturbed: Int,
        saliencyToken: String? = nil, random: SplitMix64
    ) {
        self.goal = goal
        self.queries = queries
        self.input = input
        self.candidates = candidates
        self.editableSlots = editableSlots
        self.maxPerturbed = maxPerturbed
        self.saliencyToken = saliencyToken
        self.random = random
    }

    /// Candidates at `slot` that fit the perturbation budget and touch no slot already edited.
    func admissible(_ text: PerturbedText, at slot: Int) -> [SlotEdit] {
        let modified = text.modifiedSlots
        return candidates(text, slot).filter { edit in
            !edit.range.contains(where: modified.contains) && modified.count + edit.range.count <= maxPerturbed
        }
    }

    /// Scores perturbed texts in one batch; fewer results come back when the query budget runs out.
    func evaluate(_ texts: [PerturbedText]) throws -> [(text: PerturbedText, output: VictimOutput, result: GoalResult)] {
        let outputs = try queries.predict(texts.map(input))
        return zip(texts, outputs).map { ($0, $1, goal.evaluate($1, on: $0)) }
    }
}

/// Where a search ended.
public struct SearchOutcome: Sendable {
    public let text: PerturbedText
    public let output: VictimOutput
    public let result: GoalResult
}

/// A way of exploring candidate edits until the goal is reached or the budget is spent.
public protocol SearchMethod: Sendable {
    /// Attacks `clean` whose clean prediction was `cleanOutput`.
    func search(_ clean: PerturbedText, cleanOutput: VictimOutput, context: inout SearchContext) throws -> SearchOutcome
}

