import Foundation
import XCTest
import RoCBertCore
@testable import RoCBert

/// Untrusted files built to crash a reader (deep nesting, overflowing sizes, huge configs)
/// each give one error line naming the file and the problem, and the process lives on.
final class HostileInputTests: XCTestCase {
    func assertError(_ expected: [String], file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertFalse(text.contains("\n"), "one line: \(text)", file: file, line: line)
            for e in expected { XCTAssertTrue(text.contains(e), "\"\(text)\" should mention \"\(e)\"", file: file, line: line) }
        }
    }

    func nested(_ n: Int) -> Data {
        Data((String(repeating: "[", count: n) + String(repeating: "]", count: n)).utf8)
    }

    // MARK: JSON nesting

    func testNestingUpToTheLimitParses() throws {
        for n in [511, 512] {
            var v = try JSONValue.parse(nested(n), source: "inputs.json")
            var depth = 0
            while case .array(let a) = v { depth += 1; v = a.first ?? .null }
            XCTAssertEqual(depth, n)
        }
        let objects = String(repeating: "{\"a\":", count: 512) + "1" + String(repeating: "}", count: 512)
        XCTAssertNoThrow(try JSONValue.parse(Data(objects.utf8), source: "inputs.json"))
    }

    func testNestingPastTheLimitIsOneError() {
        for n in [513, 300_000] {
            assertError(["inputs.json", "malformed JSON", "nested deeper than 512 levels", "line 1", "byte 512"]) {
                _ = try JSONValue.parse(nested(n), source: "inputs.json")
            }
        }
        let objects = String(repeating: "{\"a\":", count: 300_000)
        assertError(["config.json", "nested deeper than 512 levels"]) {
            _ = try RoCBertConfig(json: Data(objects.utf8), source: "config.json")
        }
    }

    func testDeepSafetensorsHeader() throws {
        let url = try writeSafetensors(header: Array(("{\"a\":" + String(repeating: "[", count: 300_000)).utf8), body: [])
        assertError([url.path, "nested deeper than 512 levels"]) { _ = try SafeTensorsFile.read(url) }
    }

    // MARK: safetensors sizes

    /// A safetensors file: 8-byte little-endian header length, the header, then `body`.
    func writeSafetensors(header: [UInt8], body: [UInt8], declaredLength: UInt64? = nil) throws -> URL {
        var data = Data()
        withUnsafeBytes(of: (declaredLength ?? UInt64(header.count)).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        data.append(contentsOf: body)
        let url = Fixtures.temporaryDirectory().appendingPathComponent("model.safetensors")
        try data.write(to: url)
        return url
    }

    func writeSafetensors(tensor: String, body: Int = 16) throws -> URL {
        try writeSafetensors(header: Array("{\"w\":\(tensor)}".utf8), body: [UInt8](repeating: 0, count: body))
    }

    func testWellFormedFileReads() throws {
        let url = try writeSafetensors(tensor: #"{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}"#)
        let t = try SafeTensorsFile.read(url)
        XCTAssertEqual(t["w"]?.shape, [2, 2])
        XCTAssertEqual(try t["w"]?.floats(key: "w"), [0, 0, 0, 0])
    }

    func testShapeProductOverflow() throws {
        let url = try writeSafetensors(tensor: #"{"dtype":"F32","shape":[4294967296,4294967296,2147483648],"data_offsets":[0,16]}"#)
        assertError([url.path, "tensor w", "overflows"]) { _ = try SafeTensorsFile.read(url) }
        // The element count fits but count × 8 bytes does not.
        let bytes = try writeSafetensors(tensor: #"{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,16]}"#)
        assertError([bytes.path, "tensor w", "overflows"]) { _ = try SafeTensorsFile.read(bytes) }
    }

    func testNegativeDimension() throws {
        let url = try writeSafetensors(tensor: #"{"dtype":"F32","shape":[-2,-2],"data_offsets":[0,16]}"#)
        assertError([url.path, "tensor w", "negative dimension"]) { _ = try SafeTensorsFile.read(url) }
    }

    func testBadDataOffsets() throws {
        let negative = try writeSafetensors(tensor: #"{"dtype":"F32","shape":[2,2],"data_offsets":[-16,0]}"#)
        assertError([negative.path, "tensor w", "negative data_offsets"]) { _ = try SafeTensorsFile.read(negative) }
        let reversed = try writeSafetensors(tensor: #"{"dtype":"F32","shape":[2,2],"data_offsets":[16,0]}"#)
        assertError([reversed.path, "tensor w", "out of order"]) { _ = try SafeTensorsFile.read(reversed) }
        let huge = try writeSafetensors(tensor: #"{"dtype":"F32","shape":[2,2],"data_offsets":[9223372036854775800,9223372036854775807]}"#)
        assertError([huge.path, "tensor w"]) { _ = try SafeTensorsFile.read(huge) }
        let wide = try writeSafetensors(tensor: #"{"dtype":"F32","shape":[2,2],"data_offsets":[0,18446744073709551616]}"#)
        assertError([wide.path, "tensor w", "malformed"]) { _ = try SafeTensorsFile.read(wide) }
        let pastEnd = try writeSafetensors(tensor: #"{"dtype":"F32","shape":[2,2],"data_offsets":[9223372036854775791,9223372036854775807]}"#)
        assertError([pastEnd.path, "tensor w", "truncated"]) { _ = try SafeTensorsFile.read(pastEnd) }
        let short = try writeSafetensors(tensor: #"{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}"#, body: 8)
        assertError([short.path, "tensor w", "truncated"]) { _ = try SafeTensorsFile.read(short) }
    }

    func testHeaderLengthPastTheFile() throws {
        for declared in [UInt64(1000), UInt64.max, UInt64(Int.max), UInt64(Int.max) + 1] {
            let url = try writeSafetensors(header: Array("{}".utf8), body: [], declaredLength: declared)
            assertError([url.path, "truncated", "header of \(declared) bytes"]) { _ = try SafeTensorsFile.read(url) }
        }
    }

    func testByteSpanChecksEveryProductAndSum() {
        func span(_ shape: [Int], _ strides: [Int]?, start: Int = 0, end: Int = 1000) -> Int? {
            StoredTensor.byteSpan(shape: shape, strides: strides, elementOffset: 0, elementSize: 4, storageStart: start, storageEnd: end)?.end
        }
        XCTAssertEqual(span([2, 3], nil, start: 8), 32)
        XCTAssertEqual(span([2, 3], [1, 2]), 24)
        XCTAssertNil(span([Int.max, 2], nil))
        XCTAssertNil(span([2], [Int.max]))
        XCTAssertNil(span([-1], nil))
        XCTAssertNil(span([2, 3], nil, end: 20), "past the storage")
    }

    // MARK: config sizes

    func writeConfig(_ overrides: [String: String]) throws -> URL {
        let src = Fixtures.directory("model/sequence-classification-single")
        var text = try String(contentsOf: src.appendingPathComponent("config.json"), encoding: .utf8)
        for (key, value) in overrides {
            text = text.replacingOccurrences(
                of: #""\#(key)": [^,\n]+"#, with: "\"\(key)\": \(value)", options: .regularExpression)
        }
        let dir = Fixtures.temporaryDirectory()
        for f in try FileManager.default.contentsOfDirectory(atPath: src.path) where f != "config.json" {
            try FileManager.default.copyItem(at: src.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        try text.write(to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        return dir
    }

    func testConfigSizesOutOfRange() throws {
        let cases: [(String, String, String)] = [
            ("num_hidden_layers", "1000000000000", "num_hidden_layers must be at most 1024, found 1000000000000"),
            ("hidden_size", "0", "hidden_size must be at least 1, found 0"),
            ("vocab_size", "-5", "vocab_size must be at least 1, found -5"),
            ("intermediate_size", "1e12", "intermediate_size must be at most 65536"),
            ("shape_vocab_size", "2000000", "shape_vocab_size must be at most 1048576"),
        ]
        for (key, value, message) in cases {
            let dir = try writeConfig([key: value])
            assertError(["config.json", message]) { _ = try RoCBertConfig(contentsOf: dir.appendingPathComponent("config.json")) }
            assertError(["config.json", message]) { _ = try RoCBertForSequenceClassification(directory: dir) }
        }
    }

    func testHugeNumLabels() {
        assertError(["config.json", "num_labels must be at most 1048576, found 1000000000000"]) {
            _ = try RoCBertConfig(json: Data(#"{"num_labels": 1000000000000}"#.utf8), source: "config.json")
        }
    }

    func testMoreLayersThanTheFileHolds() throws {
        let dir = try writeConfig(["num_hidden_layers": "1024"])
        assertError(["model.safetensors", "missing tensor roc_bert.encoder.layer.2."]) {
            _ = try RoCBertForSequenceClassification(directory: dir)
        }
    }
}
