import Foundation
import XCTest
import RoCBertReport

/// The committed demo database, opened by this code (which migrates it to the current schema),
/// gives the committed report byte for byte.
final class CommittedDemoReportTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    func testTheMigratedDemoDatabaseGivesTheCommittedReport() throws {
        let folder = temporaryDirectory()
        let copy = folder.appendingPathComponent("demo.sqlite")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("reports/demo.sqlite"), to: copy)
        let output = folder.appendingPathComponent("reports/demo.md")
        try ReportFile.writeReport(database: copy.path, suite: "demo", output: output)
        for name in ["demo.md", "demo-accuracy.svg"] {
            let committed = try Data(contentsOf: Self.root.appendingPathComponent("reports/\(name)"))
            let written = try Data(contentsOf: folder.appendingPathComponent("reports/\(name)"))
            XCTAssertEqual(written, committed, "\(name) differs from the committed one")
        }
    }
}
