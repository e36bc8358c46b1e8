import Foundation
import RoCBertStore
import XCTest
@testable import RoCBertReport

/// Runs the built `rocbert review`: write a sheet, mark it, import it, see the marks in the report.
final class ReviewCLITests: XCTestCase {
    /// The sheet at `path` with `marks` (row number from 1 → mark, reviewer) filled in and `edit` applied to each row.
    private func mark(_ path: String, _ marks: [Int: (String, String)], edit: (Int, inout [String]) -> Void = { _, _ in }) throws {
        let records = try CSV.parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
        let column = { (name: String) in ReviewSheet.columns.firstIndex(of: name)! }
        var out = CSV.record(records[0].fields)
        for (n, record) in records.dropFirst().enumerated() {
            var fields = record.fields
            if let (mark, reviewer) = marks[n + 1] {
                fields[column("mark")] = mark
                fields[column("reviewer")] = reviewer
            }
            edit(n + 1, &fields)
            out += CSV.record(fields)
        }
        try Data(out.utf8).write(to: URL(fileURLWithPath: path))
    }

    private func judgementCount(_ db: String) throws -> Int {
        let store = try ResultStore(path: db, create: false)
        return try store.runs().reduce(0) { $0 + (try store.judgements(runId: $1.id).count) }
    }

    func testASheetMarkedAndImportedShowsInTheReport() throws {
        let folder = temporaryDirectory()
        let db = try ReportFixtures.makeDatabase(in: folder)
        let sheet = folder.appendingPathComponent("review/sheet.csv").path
        let written = try ReportCLITests.run(["review", "--db", db, "--suite", "demo", "--per-run", "2", "--seed", "1", "--out", sheet])
        XCTAssertEqual(written.status, 0, written.stderr)
        // Runs 1, 3, 4 have at least two successful attacks, run 2 one, run 5 none.
        XCTAssertEqual(written.stdout, "\(sheet): 7 attacked texts from 4 runs to review\n")
        let markdownSheet = folder.appendingPathComponent("sheet.md").path
        XCTAssertEqual(try ReportCLITests.run(["review", "--db", db, "--out", markdownSheet]).status, 0)
        XCTAssertTrue(try String(contentsOfFile: markdownSheet, encoding: .utf8).hasPrefix("# Review sheet: demo\n"))

        try mark(sheet, [1: ("n", ""), 2: ("u", ""), 3: ("natural", "li")])
        let imported = try ReportCLITests.run(["review", "--db", db, "--import", sheet, "--reviewer", "zhang"])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(imported.stdout,
                       "\(db): 3 judgements recorded from \(sheet) (3 new, 0 changed, 0 already recorded; 4 rows not yet marked)\n")
        let again = try ReportCLITests.run(["review", "--db", db, "--import", sheet, "--reviewer", "zhang"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("(0 new, 0 changed, 3 already recorded;"), again.stdout)
        XCTAssertEqual(try judgementCount(db), 3)

        let report = folder.appendingPathComponent("report.md")
        XCTAssertEqual(try ReportCLITests.run(["report", "--db", db, "--suite", "demo", "--out", report.path]).status, 0)
        let markdown = try String(contentsOf: report, encoding: .utf8)
        let rows = try XCTUnwrap(MarkdownTableParser.table(after: "## Validity of the attacks", in: markdown))
        // The sheet's first three rows are run 1's two and run 2's one.
        XCTAssertEqual(rows.first { $0["run"] == "base × shape @100 queries" }?["judged natural"], "1 / 2 (50.0%)")
        XCTAssertEqual(rows.first { $0["run"] == "robust × shape @100 queries" }?["judged natural"], "1 / 1 (100.0%)")
        XCTAssertTrue(markdown.contains("3 judgements of 3 attacked texts by 2 reviewers"), markdown)
    }

    func testASheetWhoseAttackedTextWasEditedIsRefusedWhole() throws {
        let folder = temporaryDirectory()
        let db = try ReportFixtures.makeDatabase(in: folder)
        let sheet = folder.appendingPathComponent("sheet.csv").path
        XCTAssertEqual(try ReportCLITests.run(["review", "--db", db, "--out", sheet]).status, 0)
        try mark(sheet, [1: ("n", "zhang"), 2: ("u", "zhang")]) { row, fields in
            if row == 2 { fields[ReviewSheet.columns.firstIndex(of: "attacked_text")!] = "这部电影我还没看过" }
        }
        let r = try ReportCLITests.run(["review", "--db", db, "--import", sheet])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("rocbert: \(sheet):3: example "), r.stderr)
        XCTAssertTrue(r.stderr.contains("its attacked text is not the example's recorded attacked text"), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("nothing of this sheet was recorded\n"), r.stderr)
        XCTAssertEqual(try judgementCount(db), 0, "the good first row is not recorded either")
    }

    func testBadRequestsAreOneLineAndNonZero() throws {
        let folder = temporaryDirectory()
        let db = try ReportFixtures.makeDatabase(in: folder)
        let text = folder.appendingPathComponent("sheet.txt").path
        let r = try ReportCLITests.run(["review", "--db", db, "--out", text])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "rocbert: \(text): unknown sheet format; name the file .csv (to mark and import) or .md (to read)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: text))

        let missing = folder.appendingPathComponent("absent.csv").path
        let m = try ReportCLITests.run(["review", "--db", db, "--import", missing])
        XCTAssertEqual(m.stderr, "rocbert: \(missing): no such file\n")
        XCTAssertNotEqual(m.status, 0)

        XCTAssertNotEqual(try ReportCLITests.run(["review", "--db", db]).status, 0, "neither --out nor --import")
        XCTAssertNotEqual(try ReportCLITests.run(["review", "--db", db, "--out", "a.csv", "--import", "b.csv"]).status, 0)
    }
}
