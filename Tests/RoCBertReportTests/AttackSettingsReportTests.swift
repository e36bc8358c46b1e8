import Foundation
import RoCBertCore
import RoCBertReport
import RoCBertStore
import XCTest

/// The report names an attack's non-default `perturb`, since the figures then measure edits of
/// another segment; default attacks read as before.
final class AttackSettingsReportTests: XCTestCase {
    func testTheReportShowsPerturbWhenNotTheDefault() throws {
        let path = temporaryDirectory().appendingPathComponent("results.sqlite").path
        let store = try ResultStore(path: path)
        for (name, perturb) in [("text", PerturbedSegment.first), ("pair", .second), ("joined", .both)] {
            var key = ReportFixtures.key("base", attack: name, budget: 100)
            key.attack.perturb = perturb
            let (id, _, _) = try store.openRun(key, plannedExamples: 2)
            for r in [ReportFixtures.record(0, .successful), ReportFixtures.record(1, .failed)] { try store.record(r, runId: id) }
            try store.finishRun(id)
        }
        let markdown = MarkdownReport(data: try ReportData.load(store: store)).markdown()
        XCTAssertTrue(markdown.contains("| pair, perturb: second | sequence-classification |"), markdown)
        XCTAssertTrue(markdown.contains("### base × pair (run 2)\n\nSettings: `perturb: second` — the attack edits the second segment (the pair); "
                                        + "the clean and attacked texts are that segment's.\n"), markdown)
        XCTAssertTrue(markdown.contains("### base × joined (run 3)\n\nSettings: `perturb: both` — the attack edits the first segment and the second "
                                        + "segment (the pair), shown joined by `‖`, which is neither edited nor counted.\n"), markdown)
        XCTAssertEqual(markdown.components(separatedBy: "perturb: ").count - 1, 4, "the default attack names no setting")
    }

    /// A targeted attack and the QA / NER goal options change what success means: the Runs table names them.
    func testTheReportShowsTargetAndGoalOptions() throws {
        let path = temporaryDirectory().appendingPathComponent("results.sqlite").path
        let store = try ResultStore(path: path)
        var targeted = ReportFixtures.key("base", attack: "aimed", budget: 100)
        targeted.attack.target = 1
        var entities = ReportFixtures.key("base", attack: "people", budget: 100)
        entities.attack.goal = GoalOptions(minF1Drop: 0.5, nerLevel: .token, watch: ["PER", "LOC"])
        for key in [targeted, entities] {
            let (id, _, _) = try store.openRun(key, plannedExamples: 2)
            for r in [ReportFixtures.record(0, .successful), ReportFixtures.record(1, .failed)] { try store.record(r, runId: id) }
            try store.finishRun(id)
        }
        let markdown = MarkdownReport(data: try ReportData.load(store: store)).markdown()
        XCTAssertTrue(markdown.contains("| aimed, target: 1 |"), markdown)
        XCTAssertTrue(markdown.contains(#"| people, min\_f1\_drop: 0.5, ner\_level: token, watch: \[PER, LOC\] |"#), markdown)
    }
}
