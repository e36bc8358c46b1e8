import Foundation
import XCTest
import RoCBertCore
@testable import RoCBert

/// A weight that is NaN or infinite stops the load in one line naming the file, the tensor and the
/// first bad element, in every weight format; finite values, however extreme, load unchanged.
final class NonFiniteWeightTests: XCTestCase {
    static let query = "encoder.layer.0.attention.self.query.weight"

    /// A writable copy of scripts/fixtures/model/`name`.
    func copy(_ name: String) throws -> URL {
        let src = Fixtures.directory("model/\(name)")
        let dir = Fixtures.temporaryDirectory()
        for f in try FileManager.default.contentsOfDirectory(atPath: src.path) {
            try FileManager.default.copyItem(at: src.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// Overwrites element `element` of tensor `key` in `dir`/`file` with `bits` (the tensor's element
    /// size, little-endian), in place: the file stays well formed, only one value changes. Returns the
    /// file's path as errors name it.
    @discardableResult
    func poison(_ dir: URL, _ file: String, _ key: String, element: Int, bits: UInt64) throws -> String {
        let url = dir.appendingPathComponent(file)
        let offset: Int, size: Int
        do {
            let tensors = file.hasSuffix(".safetensors") ? try SafeTensorsFile.read(url) : try PyTorchCheckpoint.read(url)
            let t = try XCTUnwrap(tensors[key], "\(file) has no \(key)")
            XCTAssertTrue(t.strides == nil || t.strides == StoredTensor.contiguousStrides(t.shape), "\(key) is contiguous")
            size = t.dtype.size
            offset = t.byteOffset + element * size
        }
        var bytes = try Data(contentsOf: url)
        bytes.replaceSubrange(offset..<(offset + size), with: (0..<size).map { UInt8(truncatingIfNeeded: bits >> (8 * UInt64($0))) })
        try bytes.write(to: url)
        return url.path
    }

    func assertLoadFails(_ load: () throws -> Any, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try load(), file: file, line: line) { error in
            XCTAssertTrue(error is RoCBertError, "\(type(of: error))", file: file, line: line)
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
    }

    func testNaNInASafetensorsWeight() throws {
        let dir = try copy("sequence-classification-single")
        let path = try poison(dir, "model.safetensors", "roc_bert." + Self.query, element: 17, bits: UInt64(Float.nan.bitPattern))
        assertLoadFails({ try RoCBertForSequenceClassification(directory: dir) },
                        "\(path): tensor roc_bert.\(Self.query) holds NaN (first at element 17)")
    }

    func testInfinitiesInASafetensorsWeight() throws {
        let dir = try copy("sequence-classification-single")
        let path = try poison(dir, "model.safetensors", "classifier.weight", element: 0, bits: UInt64(Float.infinity.bitPattern))
        assertLoadFails({ try RoCBertForSequenceClassification(directory: dir) }, "\(path): tensor classifier.weight holds +Inf (first at element 0)")
        // Only the first bad element is named, NaN or not.
        let other = try copy("sequence-classification-single")
        let key = "roc_bert.embeddings.LayerNorm.bias"
        try poison(other, "model.safetensors", key, element: 23, bits: UInt64(Float.nan.bitPattern))
        try poison(other, "model.safetensors", key, element: 5, bits: UInt64((-Float.infinity).bitPattern))
        assertLoadFails({ try RoCBertForSequenceClassification(directory: other) },
                        "\(other.appendingPathComponent("model.safetensors").path): tensor \(key) holds -Inf (first at element 5)")
    }

    /// Half-precision files widen to Float32 before the scan, so their NaN and infinity are found too.
    func testNaNAndInfinityInHalfPrecisionFiles() throws {
        for (fixture, nan, infinity) in [("format-fp16", UInt64(0x7E00), UInt64(0x7C00)), ("format-bf16", UInt64(0x7FC0), UInt64(0x7F80))] {
            let dir = try copy(fixture)
            let path = try poison(dir, "model.safetensors", Self.query, element: 3, bits: nan)
            assertLoadFails({ try RoCBertBaseModel(directory: dir) }, "\(path): tensor \(Self.query) holds NaN (first at element 3)")
            try poison(dir, "model.safetensors", Self.query, element: 3, bits: infinity)
            assertLoadFails({ try RoCBertBaseModel(directory: dir) }, "\(path): tensor \(Self.query) holds +Inf (first at element 3)")
        }
    }

    func testNaNAndInfinityInAPyTorchWeight() throws {
        let dir = try copy("format-bin")
        let path = try poison(dir, "pytorch_model.bin", Self.query, element: 17, bits: UInt64(Float.nan.bitPattern))
        assertLoadFails({ try RoCBertBaseModel(directory: dir) }, "\(path): tensor \(Self.query) holds NaN (first at element 17)")
        let inf = try copy("format-bin")
        let infPath = try poison(inf, "pytorch_model.bin", "embeddings.word_embeddings.weight", element: 100, bits: UInt64(Float.infinity.bitPattern))
        assertLoadFails({ try RoCBertBaseModel(directory: inf) }, "\(infPath): tensor embeddings.word_embeddings.weight holds +Inf (first at element 100)")
    }

    /// A finite F64 beyond Float32's range is infinite only once narrowed; the line says so.
    func testF64BeyondFloat32Range() throws {
        let header = Array(#"{"w":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}"#.utf8)
        var data = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for v in [1.0, -1e300] { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        let url = Fixtures.temporaryDirectory().appendingPathComponent("model.safetensors")
        try data.write(to: url)
        let w = try XCTUnwrap(try SafeTensorsFile.read(url)["w"])
        assertLoadFails({ try w.floats(key: "w") }, "\(url.path): tensor w holds -Inf once narrowed to F32 (first at element 1)")
    }

    /// The largest and smallest finite values, subnormals and negative zero are weights like any other.
    func testFiniteExtremesLoadUnchanged() throws {
        let values: [Float] = [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNormalMagnitude, -0.0, 1]
        let url = Fixtures.temporaryDirectory().appendingPathComponent("model.safetensors")
        try SafeTensorsFile.write(["w": Tensor(shape: [6], data: values)], to: url)
        let read = try XCTUnwrap(try SafeTensorsFile.read(url)["w"]).floats(key: "w")
        XCTAssertEqual(read.map(\.bitPattern), values.map(\.bitPattern))
    }

    /// The scan goes block by block; the first bad element is found wherever it falls.
    func testScanFindsTheFirstBadElementAcrossBlocks() {
        let n = NonFiniteScan.block * 3 + 5
        XCTAssertNil(NonFiniteScan.first(in: [Float](repeating: .greatestFiniteMagnitude, count: n)))
        XCTAssertNil(NonFiniteScan.first(in: []))
        for (bad, value) in [(0, Float.nan), (NonFiniteScan.block - 1, .infinity), (NonFiniteScan.block * 2 + 7, -.infinity), (n - 1, .nan)] {
            var values = [Float](repeating: 1, count: n)
            values[n - 1] = -.infinity  // a later bad element never hides the first
            values[bad] = value
            let found = NonFiniteScan.first(in: values)
            XCTAssertEqual(found?.index, bad)
            XCTAssertEqual(found?.value.isNaN, value.isNaN)
            if !value.isNaN { XCTAssertEqual(found?.value, value) }
        }
        // Signalling NaNs and NaNs with a payload are NaN too.
        XCTAssertEqual(NonFiniteScan.first(in: [0, Float(bitPattern: 0x7F80_0001), Float(bitPattern: 0xFFFF_FFFF)])?.index, 1)
    }
}
