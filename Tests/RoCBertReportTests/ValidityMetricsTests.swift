import Foundation
import RoCBertCore
import RoCBertStore
import XCTest
@testable import RoCBertReport

final class ValidityMetricsTests: XCTestCase {
    private func edit(_ original: String, _ replacement: String, _ transformation: String, oov: Bool = false,
                      confusion: Bool? = nil, rank: Int? = nil, tone: Bool? = nil) -> Perturbation {
        Perturbation(position: 0, original: original, replacement: replacement, transformation: transformation, justification: "",
                     outOfVocabulary: oov, humanConfusion: confusion, substituteRank: rank, toneChanged: tone)
    }

    private func record(_ index: Int, _ status: ExampleStatus, perturbed: Int, length: Int, _ edits: [Perturbation]) -> ExampleRecord {
        var r = ReportFixtures.record(index, status, perturbed: perturbed, length: length)
        r.perturbations = edits
        return r
    }

    /// Two successful attacks with five substitutions between them, one failed attack whose edits
    /// must not count, one skipped example.
    private var mixedRecords: [ExampleRecord] {
        [
            // 1 of 5 characters against a 10 % budget: over it.
            record(0, .successful, perturbed: 1, length: 5, [
                edit("是", "事", "homophone", confusion: true, rank: 100, tone: false),
                edit("好", "号", "near-homophone", oov: true, confusion: false, rank: 4000, tone: true),
            ]),
            // 2 of 20: exactly at the budget, not over.
            record(1, .successful, perturbed: 2, length: 20, [
                edit("未", "末", "visual", rank: 3500),
                edit("电影", "電影", "traditional"),
                edit("丘", "㐀", "visual", confusion: true),
            ]),
            record(2, .failed, perturbed: 0, length: 5, [edit("是", "市", "homophone", oov: true, confusion: false, rank: 1, tone: true)]),
            record(3, .skipped, perturbed: 0, length: 5, []),
        ]
    }

    func testEachFigureOverTheSuccessfulAttacksOnly() throws {
        let v = ValidityMetrics(records: mixedRecords, maxPerturbedRatio: 0.1)
        XCTAssertTrue(v.recorded)
        XCTAssertEqual(v.successfulExamples, 2)
        XCTAssertEqual(v.substitutions, 5)
        XCTAssertEqual(try XCTUnwrap(v.humanConfusionShare), 200.0 / 3, accuracy: 1e-9)   // 事, 㐀 of 事, 号, 㐀
        XCTAssertEqual(v.medianSubstituteRank, 3500)                                         // 100, 3500, 4000
        XCTAssertEqual(v.outsideCommonShare, 50)            // 号 (4000) and 㐀 (no rank) of 事, 号, 末, 㐀; 電影 is two characters
        XCTAssertEqual(v.toneChangedShare, 50)              // 号 of 事, 号
        XCTAssertEqual(v.unknownTokenShare, 20)             // 号 of five
        XCTAssertEqual(v.editsPerSuccess, 2.5)
        XCTAssertEqual(v.overBudgetTexts, 1)
    }

    func testTheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        XCTAssertEqual(ValidityMetrics.median([10, 1, 3, 2]), 2.5)
        XCTAssertEqual(ValidityMetrics.median([7]), 7)
        XCTAssertNil(ValidityMetrics.median([]))
    }

    func testRecordsWithoutValidityFactsLeaveThoseFiguresUndefined() {
        let records = [ReportFixtures.record(0, .successful, perturbed: 1, length: 4), ReportFixtures.record(1, .successful),
                       ReportFixtures.record(2, .failed)]
        let v = ValidityMetrics(records: records, maxPerturbedRatio: 0.2)
        XCTAssertFalse(v.recorded)
        XCTAssertEqual(v.substitutions, 2)
        XCTAssertNil(v.humanConfusionShare)
        XCTAssertNil(v.medianSubstituteRank)
        XCTAssertNil(v.outsideCommonShare, "an unrecorded rank is unknown, not outside the list")
        XCTAssertNil(v.toneChangedShare)
        XCTAssertEqual(v.unknownTokenShare, 0)
        XCTAssertEqual(v.editsPerSuccess, 1)
        XCTAssertEqual(v.overBudgetTexts, 1)                // 1 of 4 characters is 25 % > 20 %
    }

    func testARunWithoutSuccessfulAttacksHasNothingToCount() {
        let records = [record(0, .failed, perturbed: 0, length: 5, [edit("是", "事", "homophone", confusion: true, rank: 100, tone: false)]),
                       record(1, .skipped, perturbed: 0, length: 5, []), record(2, .error, perturbed: 0, length: 0, [])]
        let v = ValidityMetrics(records: records, maxPerturbedRatio: 0.1)
        XCTAssertTrue(v.recorded, "the failed attack's edits carry facts")
        XCTAssertEqual(v.successfulExamples, 0)
        XCTAssertEqual(v.substitutions, 0)
        XCTAssertNil(v.humanConfusionShare)
        XCTAssertNil(v.medianSubstituteRank)
        XCTAssertNil(v.outsideCommonShare)
        XCTAssertNil(v.toneChangedShare)
        XCTAssertNil(v.unknownTokenShare)
        XCTAssertNil(v.editsPerSuccess)
        XCTAssertEqual(v.overBudgetTexts, 0)

        let empty = ValidityMetrics(records: [], maxPerturbedRatio: 0.1)
        XCTAssertFalse(empty.recorded)
        XCTAssertEqual([empty.successfulExamples, empty.substitutions, empty.overBudgetTexts], [0, 0, 0])
        XCTAssertNil(empty.editsPerSuccess)
    }

    func testARunIsMeasuredAgainstItsAttacksEditBudget() {
        var spec = AttackSpec(name: "homophone", transformations: ["homophone"], maxQueries: 100)
        spec.constraints.maxPerturbedRatio = 0.3
        let key = RunKey(suite: "demo", attack: spec, checkpointName: "base", checkpointPath: "/models/base", checkpointHash: "h",
                         precision: .fp32, datasetHash: "d", head: .sequenceClassification, seed: 1)
        let records = [ReportFixtures.record(0, .successful, perturbed: 1, length: 4),   // 25 %: within 30 %
                       ReportFixtures.record(1, .successful, perturbed: 1, length: 3)]   // 33 %: over
        let run = ReportRun(info: RunInfo(id: 1, key: key, plannedExamples: 2, recordedExamples: 2, finished: true, createdAt: ""), records: records)
        XCTAssertEqual(ValidityMetrics(run: run).overBudgetTexts, 1)
    }
}
