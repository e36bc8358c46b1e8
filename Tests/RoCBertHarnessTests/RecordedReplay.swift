import Foundation
import RoCBert
import RoCBertAttack
import RoCBertStore
import XCTest
@testable import RoCBertHarness

extension XCTestCase {
    /// Every recorded attacked text, fed again to its checkpoint (the folder under `checkpoints` named
    /// like the run's checkpoint), gives the recorded prediction and, within float noise, the recorded scores.
    func assertRecordedPredictionsReplay(checkpoints: URL, _ runs: [String: [ExampleRecord]]) throws {
        for (name, rows) in runs {
            let checkpoint = checkpoints.appendingPathComponent(name.components(separatedBy: " × ")[0])
            let victim = ModelVictim(task: .sequenceClassification, head: try RoCBertForSequenceClassification(directory: checkpoint),
                                     encoder: try RoCBertTokenizer(directory: checkpoint))
            let attacked = rows.filter { $0.attackedText != nil }
            let outputs = try victim.predict(attacked.map { VictimInput(text: $0.attackedText!) })
            for (row, out) in zip(attacked, outputs) {
                XCTAssertEqual(RecordedPrediction(out), row.attackedPrediction, "\(name) example \(row.exampleIndex)")
                // Batch composition changes float32 GEMM rounding (~1e-6), never the prediction.
                for (a, b) in zip(out.probabilities, row.attackedScores ?? []) { XCTAssertEqual(a, b, accuracy: 1e-5) }
            }
        }
    }
}

extension XCTestCase {
    /// Every record of every run in `database`, rebuilt from the database alone (`VictimInput(record:…)`,
    /// the run's head, checkpoint path, precision and `perturb`), gives the recorded clean and attacked
    /// predictions, and their scores within float noise. Returns how many texts were replayed.
    @discardableResult
    func assertRecordsReplayFromTheDatabase(_ database: URL, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let store = try ResultStore(path: database.path, create: false)
        var replayed = 0
        for run in try store.runs() {
            let key = run.key
            let victim = try SuiteWiring.victim(directory: URL(fileURLWithPath: key.checkpointPath), task: key.head, precision: key.precision)
            let records = try store.records(runId: run.id).filter { $0.status != .error }
            var texts: [(ExampleRecord, String, RecordedPrediction?, [Double]?)] = []
            for r in records {
                texts.append((r, r.cleanText, r.cleanPrediction, r.cleanScores))
                if let attacked = r.attackedText { texts.append((r, attacked, r.attackedPrediction, r.attackedScores)) }
            }
            let inputs = try texts.map { try VictimInput(record: $0.0, text: $0.1, task: key.head, perturb: key.attack.perturb) }
            for ((r, _, prediction, scores), out) in zip(texts, try victim.predict(inputs)) {
                let what = "\(key.checkpointName) × \(key.attack.name) example \(r.exampleIndex)"
                XCTAssertEqual(RecordedPrediction(out, tagNames: victim.labelNames), prediction, what,
                               file: file, line: line)
                XCTAssertEqual(out.probabilities.count, scores?.count ?? 0, what, file: file, line: line)
                for (a, b) in zip(out.probabilities, scores ?? []) { XCTAssertEqual(a, b, accuracy: 1e-5, what, file: file, line: line) }
                replayed += 1
            }
        }
        return replayed
    }
}
