import Foundation
import RoCBertCore
import RoCBertStore
import XCTest
@testable import RoCBertReport

/// The review sheet as RFC 4180 CSV, and the reader of marked sheets.
final class ReviewCSVTests: XCTestCase {
    private let header = ReviewSheet.columns.joined(separator: ",")

    /// A sheet of two rows whose texts hold commas, quotes and line breaks.
    private func awkwardSheet() -> ReviewSheet {
        var a = ReportFixtures.record(0, .successful)
        a.cleanText = "他说：\"好, 很好\"\n第二行"
        a.attackedText = "他说：\"好, 很好\"\r\n第二行,末"
        var b = ReportFixtures.record(3, .successful)
        b.cleanText = "\"\""
        b.attackedText = ",\n"
        let info = RunInfo(id: 7, key: ReportFixtures.key("base, v2", attack: "shape \"x\"", budget: 100), plannedExamples: 2,
                           recordedExamples: 2, finished: true, createdAt: "")
        return ReviewSheet.sample(data: ReportData(runs: [ReportRun(info: info, records: [a, b])], databaseName: "x"), perRun: 20, seed: 1)
    }

    func testFieldsAreQuotedOnlyWhenTheyMustBe() {
        XCTAssertEqual(CSV.field("未来"), "未来")
        XCTAssertEqual(CSV.field("a,b"), "\"a,b\"")
        XCTAssertEqual(CSV.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSV.field("one\ntwo"), "\"one\ntwo\"")
        XCTAssertEqual(CSV.field("one\rtwo"), "\"one\rtwo\"")
        XCTAssertEqual(CSV.field(""), "")
        XCTAssertEqual(CSV.record(["a", "b,c", ""]), "a,\"b,c\",\r\n")
    }

    func testTheSheetReadsBackCellForCell() throws {
        let sheet = awkwardSheet()
        let csv = sheet.csv
        XCTAssertTrue(csv.hasPrefix(header + "\r\n"))
        let records = try CSV.parse(csv, file: "sheet.csv")
        XCTAssertEqual(records.map(\.fields), [ReviewSheet.columns] + sheet.rows.map(\.cells))
        XCTAssertEqual(records[1].fields[5], "他说：\"好, 很好\"\r\n第二行,末")
        // Record lines count the line breaks inside quoted fields (CRLF as one): row 1 holds two.
        XCTAssertEqual(records.map(\.line), [1, 2, 5])
        // LF line ends, a byte-order mark and no final line end read the same.
        let lf = "\u{FEFF}" + csv.replacingOccurrences(of: "\"\r\n", with: "\"\n").replacingOccurrences(of: "\r\n", with: "\n")
        XCTAssertEqual(try CSV.parse(String(lf.dropLast()), file: "sheet.csv").first?.fields, ReviewSheet.columns)
        XCTAssertEqual(try CSV.parse(String(lf.dropLast()), file: "sheet.csv").count, 3)
    }

    func testAMarkedSheetGivesItsJudgements() throws {
        let sheet = awkwardSheet()
        var rows = sheet.rows
        rows[0].mark = " Natural "
        rows[0].note = "fine, really"
        rows[1].mark = "u"
        rows[1].reviewer = "li"
        let csv = CSV.record(ReviewSheet.columns) + rows.map { CSV.record($0.cells) }.joined()
        let marked = try MarkedSheet(csv: csv, file: "sheet.csv", reviewer: "zhang")
        XCTAssertEqual(marked.judgements, [
            Judgement(runId: 7, exampleIndex: 0, attackedText: sheet.rows[0].attackedText, mark: "natural", reviewer: "zhang"),
            Judgement(runId: 7, exampleIndex: 3, attackedText: ",\n", mark: "unnatural", reviewer: "li"),
        ])
        XCTAssertEqual(marked.entries.map(\.line), [2, 5])
        XCTAssertEqual(marked.unmarkedRows, 0)
        // An unmarked sheet is not judged yet: nothing to record, no error.
        let blank = try MarkedSheet(csv: sheet.csv, file: "sheet.csv", reviewer: nil)
        XCTAssertEqual(blank.judgements, [])
        XCTAssertEqual(blank.unmarkedRows, 2)
    }

    private func assertError(_ csv: String, reviewer: String? = "zhang", _ expected: String, line: UInt = #line) {
        XCTAssertThrowsError(try MarkedSheet(csv: csv, file: "marked.csv", reviewer: reviewer), line: line) { error in
            XCTAssertEqual("\(error)", expected, line: line)
        }
    }

    func testAMalformedSheetIsAnErrorAtItsLine() {
        let row = "1,base,shape,0,clean,attacked,,"   // mark, reviewer and note follow
        assertError("", "marked.csv:1: empty file; a review sheet starts with the header \(header)")
        assertError("run,mark\n", "marked.csv:1: the header is not a review sheet's: expected \(header), found \"run,mark\"")
        assertError(header + "\n" + row + "n,,\n" + row + "maybe,,\n",
                    "marked.csv:3: mark \"maybe\" is not natural, unnatural, n, u or empty")
        assertError(header + "\n\n" + row + "n,\n", "marked.csv:3: 9 fields; a review sheet row has 10")
        assertError(header + "\n" + "x" + row.dropFirst() + "n,,\n", "marked.csv:2: run_id \"x\" is not a run id")
        assertError(header + "\n" + row.replacingOccurrences(of: "shape,0", with: "shape,-1") + "n,,\n",
                    "marked.csv:2: example_index \"-1\" is not an example index")
        assertError(header + "\n" + row + "n,,\n", reviewer: nil, "marked.csv:2: no reviewer: fill the reviewer column or pass --reviewer")
        assertError(header + "\r\n" + row + "n,,\r\n" + row + "u,,\r\n",
                    "marked.csv:3: example 0 of run 1 is marked by zhang again (first at line 2)")
        // CSV problems, at the line they are on.
        assertError(header + "\n" + "1,base,shape,0,\"clean\nstill clean\",att\"acked,,n,,\n",
                    "marked.csv:3: a quote inside an unquoted field (quote the whole field and double the quotes in it)")
        assertError(header + "\n" + row + "n,,\n" + "1,base,shape,1,\"clean\" text,attacked,,n,,\n",
                    "marked.csv:3: text after a field's closing quote (double a quote that belongs to the field)")
        assertError(header + "\n" + row + "n,,\n" + "1,base,shape,1,\"never closed\n,,,\n",
                    "marked.csv:3: a quoted field is never closed")
    }
}
