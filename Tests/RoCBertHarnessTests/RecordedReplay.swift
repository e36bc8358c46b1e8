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
                XCTAssertEqual(PredictionJSON.encode(out), row.attackedPrediction, "\(name) example \(row.exampleIndex)")
                // Batch composition changes float32 GEMM rounding (~1e-6), never the prediction.
                for (a, b) in zip(out.probabilities, row.attackedScores ?? []) { XCTAssertEqual(a, b, accuracy: 1e-5) }
            }
        }
    }
}
