import Foundation
import RoCBertAttack
import RoCBertCore
@testable import RoCBertHarness

/// A toy sentiment model: positive probability rises with each "good" character present.
struct ToySentimentVictim: VictimModel {
    static let good: Set<Character> = ["好", "棒", "赞"]
    let labelNames = ["negative", "positive"]

    func predict(_ inputs: [VictimInput]) throws -> [VictimOutput] {
        inputs.map { input in
            let n = Double(input.text.filter { Self.good.contains($0) }.count)
            let p = 1 / (1 + exp(-(2 * n - 1)))
            return VictimOutput(probabilities: [1 - p, p])
        }
    }
}

/// Homophone-like swaps for the toy model's good characters.
func toyCandidates(_ text: PerturbedText, _ slot: Int) -> [SlotEdit] {
    swapCandidates(["好": ["号", "女子"], "棒": ["棓"], "赞": ["攒", "赟"]])(text, slot)
}

/// The toy model and candidates for every checkpoint of a suite, with a fixed checkpoint hash.
struct ToyComponents: SuiteComponents {
    /// The model every checkpoint answers with.
    var model: any VictimModel = ToySentimentVictim()
    /// The candidate edits every attack proposes.
    var generate: CandidateGenerator = toyCandidates
    var stopwords: Set<String> { [] }
    func victim(_ checkpoint: CheckpointSpec) throws -> any VictimModel { model }
    func candidates(_ attack: AttackSpec, _ checkpoint: CheckpointSpec) throws -> CandidateGenerator { generate }
    func ranker(_ attack: AttackSpec, _ checkpoint: CheckpointSpec) throws -> CandidateRanker? { nil }
    func checkpointHash(_ checkpoint: CheckpointSpec) throws -> String { "hash-\(checkpoint.name)" }
}

/// Records in memory, as the store would.
final class MemorySink: ResultSink {
    var runs: [(key: RunKey, finished: Bool)] = []
    var records: [Int64: [(example: DatasetExample, outcome: ExampleOutcome)]] = [:]
    /// Throw after this many records (simulates a crash).
    var failAfter: Int?

    func openRun(_ key: RunKey, plannedExamples: Int, cleanTexts: [Int: String]) throws -> (runId: Int64, done: Set<Int>, finished: Bool) {
        if let i = runs.firstIndex(where: { $0.key == key }) {
            return (Int64(i), Set(records[Int64(i), default: []].map(\.example.index)), runs[i].finished)
        }
        runs.append((key, false))
        return (Int64(runs.count - 1), [], false)
    }

    func record(_ outcome: ExampleOutcome, example: DatasetExample, runId: Int64) throws {
        if let f = failAfter, records.values.map(\.count).reduce(0, +) >= f { throw HarnessError("simulated crash") }
        precondition(!records[runId, default: []].contains { $0.example.index == example.index }, "recorded twice")
        records[runId, default: []].append((example, outcome))
    }

    func finishRun(_ runId: Int64) throws { runs[Int(runId)].finished = true }
}

/// Candidate edits from a fixed table of one-character swaps (character → replacements).
func swapCandidates(_ swaps: [String: [String]]) -> CandidateGenerator {
    { text, slot in
        let ch = String(text.original[slot])
        return (swaps[ch] ?? []).map {
            SlotEdit(range: slot..<(slot + 1), original: ch, replacement: $0, transformation: "toy", justification: "toy: \(ch) → \($0)")
        }
    }
}
