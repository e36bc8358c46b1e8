import ArgumentParser
import Foundation
import RoCBert
import RoCBertAttack
import RoCBertCore
import RoCBertHarness
import RoCBertStore

/// `rocbert predict`: clean predictions of a checkpoint on a data file, one JSON line per example.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Clean predictions of a checkpoint's head on a JSONL, CSV or TSV file (fields text, and pair/question/choices as the task needs)."
    )

    @Option(help: "Checkpoint folder (HF layout with the tokenizer files).")
    var checkpoint: String

    @Option(help: "sequence-classification, multiple-choice, token-classification, question-answering or masked-lm.")
    var head: String

    @Option(help: "The data file; the same field names as a suite's dataset defaults (text, pair, choices, question, label).")
    var input: String

    @Option(help: "fp32; bf16 for the bf16 kernel; bf16x3 for fp32 products as three bf16 products on AMX (sgemm without AMX).")
    var precision: Precision = .fp32

    func run() throws {
        try reportingErrors {
            guard let task = AttackTask(rawValue: head) else {
                throw RoCBertError("--head", "unknown head \(head); expected one of \(AttackTask.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let victim = try SuiteWiring.victim(directory: URL(fileURLWithPath: checkpoint), task: task, precision: precision)
            let examples = try DatasetLoader.load(DatasetSpec(path: URL(fileURLWithPath: input), labelsRequired: false), task: task)
            let inputs = examples.map { VictimInput(example: $0, text: $0.text, task: task) }
            for (e, out) in zip(examples, try victim.predict(inputs)) {
                let scores = out.probabilities.isEmpty ? "" : ",\"scores\":[\(out.probabilities.map { String($0) }.joined(separator: ","))]"
                let truncated = out.truncated ? ",\"truncated\":true" : ""
                print("{\"id\":\(CanonicalJSON.quote(e.id)),\"prediction\":\(RecordedPrediction(out, tagNames: victim.labelNames).jsonText)\(scores)\(truncated)}")
            }
        }
    }
}
