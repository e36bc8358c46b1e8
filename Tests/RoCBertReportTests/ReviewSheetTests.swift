import Foundation
import RoCBertCore
import RoCBertStore
import XCTest
@testable import RoCBertReport

/// Drawing the review sample: seeded, capped per run, ordered by run then example.
final class ReviewSheetTests: XCTestCase {
    /// A run of `successful` successful examples (indices 0…) followed by two failed ones.
    private func run(id: Int64, checkpoint: String, successful: Int) -> ReportRun {
        let records = (0..<successful).map { ReportFixtures.record($0, .successful) }
            + [ReportFixtures.record(successful, .failed), ReportFixtures.record(successful + 1, .skipped)]
        let info = RunInfo(id: id, key: ReportFixtures.key(checkpoint, attack: "shape", budget: 100), plannedExamples: records.count,
                           recordedExamples: records.count, finished: true, createdAt: "2026-01-01T00:00:00Z")
        return ReportRun(info: info, records: records)
    }

    private func rows(_ sheet: ReviewSheet) -> [[Int]] {
        Dictionary(grouping: sheet.rows, by: \.runId).sorted { $0.key < $1.key }.map { $0.value.map(\.exampleIndex) }
    }

    func testTheGeneratorIsSplitMix64() {
        // The reference implementation's (Vigna, splitmix64.c) first outputs for seed 1234567.
        var g = SplitMix64(seed: 1_234_567)
        XCTAssertEqual((0..<5).map { _ in g.next() },
                       [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                        4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
        var bounded = SplitMix64(seed: 7)
        for bound in [1, 2, 3, 10, 1000] { XCTAssertTrue((0..<bound).contains(bounded.below(bound))) }
    }

    func testTheSameSeedGivesTheSameSheetAndThePinnedRows() {
        let data = ReportData(runs: [run(id: 1, checkpoint: "base", successful: 40), run(id: 2, checkpoint: "robust", successful: 40)],
                              databaseName: "results.sqlite")
        let first = ReviewSheet.sample(data: data, perRun: 5, seed: 1)
        XCTAssertEqual(ReviewSheet.sample(data: data, perRun: 5, seed: 1), first)
        // Pinned (worked out by a separate implementation of the same draw): the same on every platform and Swift version.
        XCTAssertEqual(rows(first), [[0, 9, 17, 24, 27], [15, 16, 19, 22, 29]])
        XCTAssertEqual(rows(ReviewSheet.sample(data: data, perRun: 5, seed: 2)), [[10, 11, 16, 24, 39], [6, 25, 35, 38, 39]])
        XCTAssertEqual(first.seed, 1)
        XCTAssertEqual(first.perRun, 5)
    }

    func testEachRunKeepsItsRowsWhateverOtherRunsAreSampled() {
        let a = run(id: 1, checkpoint: "base", successful: 30), b = run(id: 2, checkpoint: "robust", successful: 30)
        let both = ReviewSheet.sample(data: ReportData(runs: [a, b], databaseName: "x"), perRun: 4, seed: 9)
        let onlyB = ReviewSheet.sample(data: ReportData(runs: [b], databaseName: "x"), perRun: 4, seed: 9)
        XCTAssertEqual(both.rows.filter { $0.runId == 2 }, onlyB.rows)
    }

    func testAtMostPerRunSuccessfulAttacksOrderedByRunThenExample() throws {
        let folder = temporaryDirectory()
        let store = try ResultStore(path: try ReportFixtures.makeDatabase(in: folder), create: false)
        // Report order is by attack then checkpoint (runs 1, 2, 3, 4, 5 become 1, 3, 2, 4, 5); the sheet goes by run id.
        let data = try ReportData.load(store: store)
        let sheet = ReviewSheet.sample(data: data, perRun: 3, seed: 1)
        XCTAssertEqual(sheet.rows.map(\.runId), [1, 1, 1, 2, 3, 3, 3, 4, 4])
        for runId in Set(sheet.rows.map(\.runId)) {
            let indices = sheet.rows.filter { $0.runId == runId }.map(\.exampleIndex)
            XCTAssertEqual(indices, indices.sorted())
        }
        // Run 1's successful examples are 0…3, run 3's 0…5: never a failed or skipped one.
        XCTAssertTrue(sheet.rows.filter { $0.runId == 1 }.allSatisfy { (0...3).contains($0.exampleIndex) })
        XCTAssertTrue(sheet.rows.filter { $0.runId == 3 }.allSatisfy { (0...5).contains($0.exampleIndex) })
        XCTAssertEqual(ReviewSheet.sample(data: data, perRun: 100, seed: 1).rows.count, 4 + 1 + 6 + 2)

        let row = sheet.rows[0]
        XCTAssertEqual(row.checkpoint, "base")
        XCTAssertEqual(row.attack, "shape @100 queries")
        XCTAssertEqual(row.cleanText, "这部电影我还未看过")
        XCTAssertEqual(row.attackedText, "这部电影我还末看过")
        XCTAssertEqual(row.changes, "未→末 (shape)")
        XCTAssertEqual([row.mark, row.reviewer, row.note], ["", "", ""])
    }

    func testChangesListEveryPerturbation() {
        XCTAssertEqual(ReviewRow.changes([
            Perturbation(position: 0, original: "未", replacement: "末", transformation: "visual", justification: ""),
            Perturbation(position: 2, original: "高兴", replacement: "快乐", transformation: "synonym", justification: ""),
        ]), "未→末 (visual); 高兴→快乐 (synonym)")
        XCTAssertEqual(ReviewRow.changes([]), "")
    }

    func testTheMarkdownSheetIsATableWithEveryTextInItsCell() {
        var record = ReportFixtures.record(0, .successful)
        record.cleanText = "左|右\n下一行"
        record.attackedText = "左|右\n下一行*"
        let info = RunInfo(id: 4, key: ReportFixtures.key("base", attack: "shape", budget: 100), plannedExamples: 1,
                           recordedExamples: 1, finished: true, createdAt: "")
        let sheet = ReviewSheet.sample(data: ReportData(runs: [ReportRun(info: info, records: [record])], databaseName: "x"), perRun: 20, seed: 1)
        let lines = sheet.markdown.components(separatedBy: "\n")
        XCTAssertEqual(lines[0], "# Review sheet: demo")
        XCTAssertTrue(sheet.markdown.contains("Up to 20 successful attacks per run, drawn with seed 1: 1 row."), sheet.markdown)
        let table = lines.filter { $0.hasPrefix("|") }
        XCTAssertEqual(table.count, 3)
        XCTAssertEqual(table[0], "| " + ReviewSheet.columns.joined(separator: " | ") + " |")
        XCTAssertEqual(table[2], #"| 4 | base | shape | 0 | 左\|右⏎下一行 | 左\|右⏎下一行\* | 未→末 (shape) |  |  |  |"#)
    }
}
