import Foundation
import RoCBertAttack
import RoCBertCore

/// The outcome of attacking one example, in the harness's terms (the runner turns it into a store record).
public struct ExampleOutcome: Sendable {
    public var status: ExampleStatus
    public var cleanOutput: VictimOutput?
    public var attacked: PerturbedText?
    public var attackedOutput: VictimOutput?
    public var queries = 0
    public var modelQueries = 0
    public var extraMetrics: [String: Double] = [:]
    public var errorMessage: String?
    public var seconds = 0.0
    /// The segment the attack edits and the one it holds; `attacked` and its edits are over the
    /// edited one (nil when the example failed before its segments were read).
    public var segments: ExampleSegments?
    /// The edited segment's length as the budget counts it (`TextLength`); nil before the segment is known.
    public var textLength: Int?
    /// Token classification: the checkpoint's tag names by index, so the record names predicted tags as
    /// the gold tags are named.
    public var tagNames: [String] = []
}

/// Attacks one example: clean prediction, skip rule, search, and the task's extra metrics.
public struct ExampleAttack {
    public let task: AttackTask
    public let attack: AttackSpec
    public let victim: any VictimModel
    /// Candidate edits at a slot, from the attack's transformations (before the search's own limits).
    public let candidates: CandidateGenerator
    public let stopwords: Set<String>
    public let seed: UInt64
    /// Masked-LM guidance for mlm-guided search: orders and trims a slot's candidates.
    public let ranker: CandidateRanker?

    public init(task: AttackTask, attack: AttackSpec, victim: any VictimModel,
                candidates: @escaping CandidateGenerator, stopwords: Set<String>, seed: UInt64,
                ranker: CandidateRanker? = nil) {
        self.task = task
        self.attack = attack
        self.victim = victim
        self.candidates = candidates
        self.stopwords = stopwords
        self.seed = seed
        self.ranker = ranker
    }

    public func run(_ e: DatasetExample) -> ExampleOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let queries = QueryCounter(victim: victim, budget: attack.maxQueries.map { $0 + 1 })  // +1: the clean query
        var outcome = ExampleOutcome(status: .error)
        do {
            try attackExample(e, queries: queries, into: &outcome)
        } catch {
            outcome.status = .error
            outcome.errorMessage = "\(error)"
        }
        outcome.queries = queries.queries
        outcome.modelQueries = queries.modelQueries
        let d = clock.now - start
        outcome.seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        return outcome
    }

    private func attackExample(_ e: DatasetExample, queries: QueryCounter, into outcome: inout ExampleOutcome) throws {
        let segment = attack.perturb
        let segments = try e.segments(segment, task: task)
        outcome.segments = segments
        // The joint of a `perturb: both` text is not the example's text: never edited, never counted.
        let joint = segment == .both ? ExampleSegments.jointRange(in: segments.edited) : nil
        let textLength = TextLength.characters(segments.edited, task: task) - (joint?.count ?? 0)
        outcome.textLength = textLength
        if task == .tokenClassification { outcome.tagNames = victim.labelNames }
        let editedText = segments.edited
        let clean = PerturbedText(editedText)
        guard let cleanOutput = try queries.predict([VictimInput(example: e, text: clean.text, task: task, perturb: segment)]).first else {
            throw HarnessError("no query budget left for the clean prediction")
        }
        outcome.cleanOutput = cleanOutput
        // Weights holding NaN or infinity are refused at load, so non-finite scores here come from finite
        // weights whose activations overflow on this input; an attack on them means nothing.
        guard cleanOutput.probabilities.allSatisfy(\.isFinite) else {
            throw HarnessError("the model's scores are not finite (NaN or infinity): its activations overflow on this input")
        }
        // Recorded so reports can tell a result on a truncated text from one on the whole text.
        if cleanOutput.truncated { outcome.extraMetrics["truncated"] = 1 }
        // The end of an attacked text cut to the model's window is out of the attack's reach.
        let readPrefix = cleanOutput.readPrefixOfAttackedText(e, task: task, perturb: segment)
        let unread = e.attackedSlot(task: task, perturb: segment).unreadRanges(of: cleanOutput, text: editedText)
        if readPrefix != nil || !unread.isEmpty {
            outcome.extraMetrics["out_of_window_chars"] = Double(unread.reduce(0) { $0 + $1.count })
        }
        let goal = try makeGoal(e, cleanOutput: cleanOutput)
        if goal.evaluate(cleanOutput, on: clean).reached {
            outcome.status = .skipped
            return
        }
        // A `both` text's unread ends are two ranges, which one read prefix cannot say.
        let protectedRanges = protectedSpans(e, cleanOutput: cleanOutput) + (joint.map { [$0] + unread } ?? [])
        let editable = EditableSlots.compute(
            editedText, constraints: attack.constraints, protected: e.protected + (task == .maskedLM ? ["[MASK]"] : []),
            protectedRanges: protectedRanges, stopwords: stopwords, readPrefix: readPrefix)
        let budget = attack.constraints.editBudget.characters(length: textLength)
        if budget == 0 {
            // Too short for one edit at this ratio: the model keeps its answer with no query spent.
            outcome.status = .failed
            outcome.attacked = clean
            outcome.attackedOutput = cleanOutput
            recordF1(e, clean: cleanOutput, attacked: cleanOutput, into: &outcome)
            return
        }
        let limit = attack.maxCandidates
        var context = SearchContext(
            goal: goal, queries: queries, input: { VictimInput(example: e, text: $0.text, task: task, perturb: segment) },
            // A multi-character edit (a synonym) may start before a protected span and run into it.
            candidates: { Array(candidates($0, $1).filter { edit in !protectedRanges.contains { $0.overlaps(edit.range) } }.prefix(limit)) },
            editableSlots: editable,
            maxPerturbed: budget,
            saliencyToken: attack.saliency == .unk ? "[UNK]" : nil, random: SplitMix64(seed: seed ^ UInt64(e.index)))
        let method: any SearchMethod
        switch attack.search {
        case .greedy: method = GreedyWordImportanceSearch()
        case .beam(let w): method = BeamSearch(width: w)
        case .random: method = RandomSearch()
        case .maskedLMGuided:
            guard let ranker else { throw HarnessError("attack \(attack.name): mlm-guided search needs a masked-LM guide") }
            method = GreedyWordImportanceSearch(ranker: ranker)
        }
        let result = try method.search(clean, cleanOutput: cleanOutput, context: &context)
        outcome.status = result.result.reached ? .successful : .failed
        outcome.attacked = result.text
        outcome.attackedOutput = result.output
        recordF1(e, clean: cleanOutput, attacked: result.output, into: &outcome)
    }

    /// QA: F1 of the clean and the attacked answer against the gold one, for every attacked example
    /// (also one too short for an edit, whose attacked answer is its clean one), so a run's mean F1s
    /// cover every example the attack was run on.
    private func recordF1(_ e: DatasetExample, clean: VictimOutput, attacked: VictimOutput, into outcome: inout ExampleOutcome) {
        guard task == .questionAnswering, let gold = e.answer else { return }
        outcome.extraMetrics["clean_f1"] = CharacterF1.score(clean.answer?.text ?? "", gold)
        outcome.extraMetrics["attacked_f1"] = CharacterF1.score(attacked.answer?.text ?? "", gold)
    }

    /// Spans no edit may touch: a QA example's gold answer and the clean prediction's answer, so the
    /// answers compared are the ones the model read, never rewritten characters.
    private func protectedSpans(_ e: DatasetExample, cleanOutput: VictimOutput) -> [Range<Int>] {
        guard task == .questionAnswering else { return [] }
        var spans: [Range<Int>] = []
        if let s = e.answerStart, let a = e.answer { spans.append(s..<(s + a.unicodeScalars.count)) }
        if let predicted = cleanOutput.answer?.range, !predicted.isEmpty { spans.append(predicted) }
        return spans
    }

    private func makeGoal(_ e: DatasetExample, cleanOutput: VictimOutput) throws -> any GoalFunction {
        switch task {
        case .sequenceClassification, .multipleChoice:
            return ClassificationGoal(gold: e.label ?? 0, target: attack.target)
        case .tokenClassification:
            let names = victim.labelNames
            let gold = try e.tags.map { tag -> Int? in
                // The suite plan checks every tag before the run; this guards callers that skip the plan.
                guard let i = names.firstIndex(of: tag) else { throw HarnessError("tag \(tag) is not among the checkpoint's labels \(names)") }
                return i
            }
            return TokenClassificationGoal(clean: cleanOutput.characterLabels, gold: gold, labelNames: names,
                                           level: attack.goal.nerLevel, watch: attack.goal.watch)
        case .questionAnswering:
            return QuestionAnsweringGoal(gold: e.answer ?? "", cleanSpan: cleanOutput.answer?.range,
                                         cleanAnswer: cleanOutput.answer?.text ?? "", minF1Drop: attack.goal.minF1Drop)
        case .maskedLM:
            return MaskedLMGoal(cleanFills: cleanOutput.fills.map(\.token), gold: e.answer.map { Array($0).map(String.init) })
        }
    }
}

/// A harness failure with no file to name (model or runner state).
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
