import Foundation
import XCTest
@testable import RoCBertHarness

/// A checkpoint whose weights hold a NaN stops the suite when it loads, naming the file and the
/// tensor; no example of it is ever recorded as a result.
extension EndToEndTests {
    /// Overwrites element `element` of the F32 tensor `key` in `checkpoint`/model.safetensors with a NaN.
    func poisonWithNaN(_ checkpoint: URL, _ key: String, element: Int) throws {
        let url = checkpoint.appendingPathComponent("model.safetensors")
        var bytes = try Data(contentsOf: url)
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + headerLength))) as! [String: Any]
        let entry = try XCTUnwrap(header[key] as? [String: Any], key)
        XCTAssertEqual(entry["dtype"] as? String, "F32")
        let start = 8 + headerLength + (entry["data_offsets"] as! [Int])[0] + 4 * element
        bytes.replaceSubrange(start..<(start + 4), with: withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { Array($0) })
        try bytes.write(to: url)
    }

    func testNaNWeightsStopTheSuiteAtLoad() throws {
        let dir = try workspace()
        let key = "roc_bert.encoder.layer.0.attention.self.query.weight"
        try poisonWithNaN(dir.appendingPathComponent("checkpoint-a"), key, element: 17)
        let r = try rocbert(["run", dir.appendingPathComponent("suite.yaml").path, "--quiet"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stderr, "rocbert: \(dir.appendingPathComponent("checkpoint-a/model.safetensors").path): tensor \(key) holds NaN (first at element 17)\n")
        let db = dir.appendingPathComponent("results.sqlite")
        if FileManager.default.fileExists(atPath: db.path) {
            XCTAssertEqual(try records(db).count, 0, "no run of the damaged checkpoint, nor of any after it")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.md").path), "no report")
    }

    /// A damaged later checkpoint stops the suite when its turn comes: what the earlier one recorded
    /// stays, and nothing of the damaged one is recorded.
    func testNaNWeightsInALaterCheckpointRecordNothingOfIt() throws {
        let dir = try workspace()
        let key = "roc_bert.encoder.layer.1.output.dense.bias"
        try poisonWithNaN(dir.appendingPathComponent("checkpoint-b"), key, element: 0)
        let r = try rocbert(["run", dir.appendingPathComponent("suite.yaml").path, "--quiet"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("checkpoint-b/model.safetensors: tensor \(key) holds NaN (first at element 0)\n"), r.stderr)
        let runs = try records(dir.appendingPathComponent("results.sqlite"))
        XCTAssertEqual(runs.keys.sorted(), ["checkpoint-a × homophone", "checkpoint-a × mlm-guided", "checkpoint-a × visual-beam"])
        for (run, rows) in runs { XCTAssertEqual(rows.count, 30, run) }
    }
}
