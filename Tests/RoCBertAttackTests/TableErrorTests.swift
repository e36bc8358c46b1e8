import Foundation
import RoCBertAttack
import XCTest

/// A missing or malformed table is one error naming the file and, where there is one, the line.
final class TableErrorTests: XCTestCase {
    func assertTableError(_ file: String, _ content: String, _ expected: [String], load: (PerturbationTables) throws -> Void,
                          line: UInt = #line) throws {
        let dir = try Fixtures.scratchTables()
        defer { try? FileManager.default.removeItem(at: dir) }
        try content.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
        let tables = PerturbationTables(tablesDirectory: dir, dataDirectory: Fixtures.data)
        XCTAssertThrowsError(try load(tables), line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(dir.appendingPathComponent(file).path), text, line: line)
            for e in expected { XCTAssertTrue(text.contains(e), "\(text) lacks \(e)", line: line) }
        }
    }

    func testMalformedRowsNameTheLine() throws {
        let header = "# source: test\nchar\treadings\tfrequency\n"
        try assertTableError("pronunciation.tsv", header + "是\tshi4\t9\n事\tshì\t5\n", [":4:", "shì", "numbered pinyin"]) { _ = try $0.pronunciation() }
        try assertTableError("pronunciation.tsv", header + "是\tshi4\n", [":3:", "2 columns, expected 3"]) { _ = try $0.pronunciation() }
        try assertTableError("pronunciation.tsv", header + "是是\tshi4\t1\n", [":3:", "not a single character"]) { _ = try $0.pronunciation() }
        try assertTableError("pronunciation.tsv", header + "是\tshi4\tmany\n", [":3:", "frequency"]) { _ = try $0.pronunciation() }
        try assertTableError("pronunciation.tsv", header + "是\tshi4\t1\n是\tshi4\t1\n", [":4:", "twice"]) { _ = try $0.pronunciation() }
        try assertTableError("pronunciation.tsv", "char\treading\tfrequency\n", [":1:", "header"]) { _ = try $0.pronunciation() }
        try assertTableError("shape.tsv", "char\tneighbour\tsimilarity\n未\t末\t1.7\n", [":2:", "similarity"]) { _ = try $0.shape() }
        let visual = "char\tneighbour\tscore\tevidence\n"
        try assertTableError("visual.tsv", visual + "未\t末\t-1\tx\n", [":2:", "score"]) { _ = try $0.visual() }
        try assertTableError("visual.tsv", visual + "未\t未\t1.0\tx\n", [":2:", "its own look-alike"]) { _ = try $0.visual() }
        try assertTableError("visual.tsv", "char\tneighbour\tsimilarity\n", [":1:", "header"]) { _ = try $0.visual() }
        try assertTableError("visual-slip.tsv", visual + "错\t措\t0\tx\n", [":2:", "score"]) { _ = try $0.transformation(named: "visual-slip") }
        try assertTableError("visual-slip.tsv", visual + "错\t错\t0.5\tx\n", [":2:", "its own look-alike"]) { _ = try $0.visualSlip() }
        let standard = "char\tindex\n"
        try assertTableError("standard-chars.tsv", standard + "一\t0\n", [":2:", "index"]) { _ = try $0.standardCharacters() }
        try assertTableError("standard-chars.tsv", standard + "一\t1\n一\t2\n", [":3:", "twice"]) { _ = try $0.standardCharacters() }
        try assertTableError("human-confusion.tsv", "char\tother\tkind\n未\t末\tlooks\n", [":2:", "kind"]) { _ = try $0.humanConfusion() }
        try assertTableError("decomposition.tsv", "char\tstructure\tcomponents\n好\t+\t女子\n", [":2:", "Ideographic Description"]) { _ = try $0.decomposition() }
        try assertTableError("decomposition.tsv", "char\tstructure\tcomponents\n好\t⿰\t女\n", [":2:", "fewer than two"]) { _ = try $0.decomposition() }
        try assertTableError("traditional.tsv", "char\tforms\n发\t發髮\n", [":2:", "single characters"]) { _ = try $0.traditional() }
        try assertTableError("near-homophone.tsv", "kind\tfrom\tto\nmiddle\tan\tang\n", [":2:", "neither initial nor final"]) { _ = try $0.nearHomophoneRules() }
        try assertTableError("shape.tsv", "# only comments\n", ["no header line"]) { _ = try $0.shape() }
    }

    func testMissingTablesSayHowToGetThem() throws {
        let nowhere = URL(fileURLWithPath: "/nonexistent-tables")
        let tables = PerturbationTables(tablesDirectory: nowhere, dataDirectory: nowhere)
        XCTAssertThrowsError(try tables.shape()) { XCTAssertTrue("\($0)".contains("/nonexistent-tables/shape.tsv: cannot read"), "\($0)") }
        XCTAssertThrowsError(try tables.thesaurus()) { XCTAssertTrue("\($0)".contains("cilin/cilin.txt") && "\($0)".contains("fetch_data.py"), "\($0)") }
        XCTAssertThrowsError(try tables.segmenter()) { XCTAssertTrue("\($0)".contains("jieba/dict.txt") && "\($0)".contains("fetch_data.py"), "\($0)") }
        XCTAssertThrowsError(try tables.transformation(named: "visual"))
    }

    /// visual-slip.tsv matters only to suites that name visual-slip: visual reads visual.tsv alone.
    func testMissingSlipTableOnlyStopsVisualSlip() throws {
        let dir = try Fixtures.scratchTables()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("visual-slip.tsv"))
        let tables = PerturbationTables(tablesDirectory: dir, dataDirectory: Fixtures.data)
        XCTAssertEqual(try XCTUnwrap(tables.transformation(named: "visual")).replacements("未", 0), ["末"])
        XCTAssertThrowsError(try tables.transformation(named: "visual-slip")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(dir.appendingPathComponent("visual-slip.tsv").path + ": cannot read"), text)
            XCTAssertFalse(text.contains("\n"), "one line: \(text)")
        }
    }

    func testMalformedFetchedDataNamesTheLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rocbert-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("cilin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("jieba"), withIntermediateDirectories: true)
        try "Aa01A01= 人 士\nnot-a-code 人\n".write(to: dir.appendingPathComponent("cilin/cilin.txt"), atomically: true, encoding: .utf8)
        try "人 10 n\n士 x n\n".write(to: dir.appendingPathComponent("jieba/dict.txt"), atomically: true, encoding: .utf8)
        let tables = PerturbationTables(tablesDirectory: Fixtures.tables, dataDirectory: dir)
        XCTAssertThrowsError(try tables.thesaurus()) { XCTAssertTrue("\($0)".contains("cilin.txt:2:") && "\($0)".contains("Cilin code"), "\($0)") }
        XCTAssertThrowsError(try tables.segmenter()) { XCTAssertTrue("\($0)".contains("dict.txt:2:"), "\($0)") }
    }
}
