import Foundation
import RoCBertCore
import XCTest
import RoCBert
import RoCBertAttack
import RoCBertStore
@testable import RoCBertHarness

/// The committed demo: reports/demo.md's figures are recomputed from reports/demo.sqlite, and
/// recorded attacked texts replay to the recorded predictions on the committed checkpoints.
final class DemoReportTests: XCTestCase {
    static let root = EndToEndTests.root

    func testDemoReportFiguresComeFromItsDatabase() throws {
        let db = Self.root.appendingPathComponent("reports/demo.sqlite")
        let report = try String(contentsOf: Self.root.appendingPathComponent("reports/demo.md"), encoding: .utf8)
        let runs = try records(db)
        let suite = try AttackSuite(contentsOf: Self.root.appendingPathComponent("attacks/demo.yaml"))
        XCTAssertEqual(runs.count, suite.checkpoints.count * suite.attacks.count, "one run per checkpoint × attack")
        for (name, rows) in runs { XCTAssertEqual(rows.count, 200, name) }
        XCTAssertTrue(try assertReportAgreesWithRows(report, runs), "the demo should show successful attacks")
        XCTAssertTrue(report.contains("demo-bert") && report.contains("demo-rocbert"))
        XCTAssertTrue(report.contains("(demo-accuracy.svg)"), "the chart is linked")
        XCTAssertTrue(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("reports/demo-accuracy.svg").path))
    }

    func testDemoAttacksReplayOnTheCommittedCheckpoints() throws {
        let runs = try records(Self.root.appendingPathComponent("reports/demo.sqlite"))
        XCTAssertFalse(runs.values.joined().filter { $0.status == .successful }.isEmpty)
        try assertRecordedPredictionsReplay(checkpoints: Self.root.appendingPathComponent("models"), runs)
    }

    /// The guard on the opt-in bf16 and bf16x3 modes: on the demo's 200 reviews they predict what fp32
    /// predicts. bf16 keeps 8 mantissa bits, so its logits move by about 1e-2 (BF16ModeTests); a review
    /// fp32 itself calls a near tie (top two probabilities within 0.01, i.e. logits within 0.04) may
    /// flip under bf16, and nothing else may. bf16x3 flips nothing.
    func testBF16ModesPredictLikeFP32OnTheDemoSet() throws {
        let suite = try AttackSuite(contentsOf: Self.root.appendingPathComponent("attacks/demo.yaml"))
        let examples = try DatasetLoader.load(suite.dataset, task: suite.task)
        XCTAssertEqual(examples.count, 200)
        for checkpoint in suite.checkpoints {
            func outputs(_ precision: Precision) throws -> [VictimOutput] {
                let victim = ModelVictim(task: .sequenceClassification,
                                         head: try RoCBertForSequenceClassification(directory: checkpoint.path, precision: precision),
                                         encoder: try RoCBertTokenizer(directory: checkpoint.path))
                return try victim.predict(examples.map { VictimInput(text: $0.text) })
            }
            let fp32 = try outputs(.fp32)
            let nearTies = Set(fp32.indices.filter { i in
                let p = fp32[i].probabilities.sorted(by: >)
                return p.count > 1 && p[0] - p[1] < 0.01
            })
            XCTAssertLessThan(nearTies.count, 5, "\(checkpoint.name): the allowance must stay a handful of reviews")
            for precision in [Precision.bf16, .bf16x3] {
                let other = try outputs(precision)
                let differing = fp32.indices.filter { fp32[$0].argmax != other[$0].argmax }
                let allowed: Set<Int> = precision == .bf16 ? nearTies : []
                XCTAssertEqual(differing.filter { !allowed.contains($0) }, [],
                               "\(checkpoint.name): \(precision) changes the prediction of examples \(differing)")
            }
        }
    }
}
