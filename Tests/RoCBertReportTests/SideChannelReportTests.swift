import Foundation
import RoCBertCore
import RoCBertStore
import XCTest
@testable import RoCBertReport

/// The side-channel figures: per transformation, over the substitutions of successful attacks, the
/// share that kept the shape and the pronunciation id; absent for runs that recorded none.
final class SideChannelReportTests: XCTestCase {
    func testSharesCountSuccessfulAttacksOnlyPerTransformation() {
        func edit(_ t: String, shape: Bool?, sound: Bool?) -> Perturbation {
            Perturbation(position: 0, original: "未", replacement: "末", transformation: t, justification: "j", shapeKept: shape, pronunciationKept: sound)
        }
        var won = ReportFixtures.record(0, .successful)
        won.perturbations = [edit("visual", shape: true, sound: false), edit("visual", shape: false, sound: false),
                             edit("homophone", shape: false, sound: true), edit("split", shape: false, sound: nil)]
        var lost = ReportFixtures.record(1, .failed)
        lost.perturbations = [edit("visual", shape: false, sound: false)]
        let m = SideChannelMetrics(records: [won, lost])
        XCTAssertEqual(m.rows, [
            .init(transformation: "homophone", substitutions: 1, shapeKeptShare: 0, pronunciationKeptShare: 100),
            .init(transformation: "split", substitutions: 1, shapeKeptShare: 0, pronunciationKeptShare: nil),
            .init(transformation: "visual", substitutions: 2, shapeKeptShare: 50, pronunciationKeptShare: 0),
        ])
        XCTAssertEqual(SideChannelMetrics(records: [ReportFixtures.record(0, .successful)]).rows, [], "nothing recorded: no rows")
    }

    func testTheReportShowsTheTableOnlyForRunsThatRecordedIt() throws {
        let path = temporaryDirectory().appendingPathComponent("results.sqlite").path
        let store = try ResultStore(path: path)
        for (name, facts) in [("plain", false), ("robust", true)] {
            let (id, _, _) = try store.openRun(ReportFixtures.key(name, attack: "shape", budget: 100), plannedExamples: 1)
            var r = ReportFixtures.record(0, .successful)
            if facts { r.perturbations = r.perturbations.map { var p = $0; p.shapeKept = true; p.pronunciationKept = false; return p } }
            try store.record(r, runId: id)
            try store.finishRun(id)
        }
        let markdown = MarkdownReport(data: try ReportData.load(store: store)).markdown()
        XCTAssertTrue(markdown.contains("## Side channels of RoCBert checkpoints"), markdown)
        XCTAssertTrue(markdown.contains("| robust × shape | shape | 1 | 100.00% | 0.00% |"), markdown)
        XCTAssertFalse(markdown.contains("| plain × shape | shape |"), markdown)

        let bare = try ResultStore(path: temporaryDirectory().appendingPathComponent("bare.sqlite").path)
        let (id, _, _) = try bare.openRun(ReportFixtures.key("plain", attack: "shape", budget: 100), plannedExamples: 1)
        try bare.record(ReportFixtures.record(0, .successful), runId: id)
        XCTAssertFalse(MarkdownReport(data: try ReportData.load(store: bare)).markdown().contains("Side channels"))
    }
}
