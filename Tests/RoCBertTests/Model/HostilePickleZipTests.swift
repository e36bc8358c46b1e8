import Foundation
import XCTest
import RoCBertCore
@testable import RoCBert

/// Hostile `pytorch_model.bin` files — deep pickles, out-of-range tensor views, zip64 fields near
/// 2^64 — each give one error line naming the file, never a crash or a read outside the file.
final class HostilePickleZipTests: XCTestCase {
    // MARK: - Builders

    /// A little-endian integer as `width` bytes.
    static func le(_ v: UInt64, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }

    /// A stored zip; with `zip64`, every size and offset goes through the zip64 extra field and end records,
    /// and `patch` may rewrite the 64-bit values (uncompressed size, compressed size, local offset).
    static func zip(_ files: [(String, [UInt8])], zip64: Bool = false,
                    patch: (inout [UInt64]) -> Void = { _ in }, locator: UInt64? = nil) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for (name, body) in files {
            let local = UInt64(out.count)
            let nameBytes = Array(name.utf8)
            out += le(0x0403_4b50, 4) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0, 4)
            out += le(UInt64(body.count), 4) + le(UInt64(body.count), 4) + le(UInt64(nameBytes.count), 2) + le(0, 2)
            out += nameBytes + body
            var extra: [UInt8] = []
            var size32 = UInt64(body.count), local32 = local
            if zip64 {
                var values = [UInt64(body.count), UInt64(body.count), local]
                patch(&values)
                extra = le(1, 2) + le(24, 2) + values.flatMap { le($0, 8) }
                size32 = 0xFFFF_FFFF
                local32 = 0xFFFF_FFFF
            }
            central += le(0x0201_4b50, 4) + le(45, 2) + le(45, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0, 4)
            central += le(size32, 4) + le(size32, 4) + le(UInt64(nameBytes.count), 2) + le(UInt64(extra.count), 2)
            central += le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(local32, 4) + nameBytes + extra
        }
        let dirOffset = UInt64(out.count)
        out += central
        let count = UInt64(files.count)
        if zip64 {
            let record = UInt64(out.count)
            out += le(0x0606_4b50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4)
            out += le(count, 8) + le(count, 8) + le(UInt64(central.count), 8) + le(dirOffset, 8)
            out += le(0x0706_4b50, 4) + le(0, 4) + le(locator ?? record, 8) + le(1, 4)
            out += le(0x0605_4b50, 4) + le(0, 2) + le(0, 2) + le(0xFFFF, 2) + le(0xFFFF, 2)
            out += le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(0, 2)
        } else {
            out += le(0x0605_4b50, 4) + le(0, 2) + le(0, 2) + le(count, 2) + le(count, 2)
            out += le(UInt64(central.count), 4) + le(dirOffset, 4) + le(0, 2)
        }
        return out
    }

    /// Pickle opcodes for a short unicode string.
    static func str(_ s: String) -> [UInt8] { let b = Array(s.utf8); return [0x8C, UInt8(b.count)] + b }
    /// Pickle opcodes for any Int (LONG1, eight bytes).
    static func int(_ v: Int) -> [UInt8] { [0x8A, 8] + le(UInt64(bitPattern: Int64(v)), 8) }
    static func tuple(_ items: [[UInt8]]) -> [UInt8] { [0x28] + items.flatMap { $0 } + [0x74] }

    /// A protocol-2 state dict holding one FloatStorage tensor "w" on storage "0", as torch.save lays it out.
    static func statePickle(offset: Int, size: [Int], stride: [Int]) -> [UInt8] {
        var p: [UInt8] = [0x80, 0x02]
        p += Array("ccollections\nOrderedDict\n".utf8) + [0x29, 0x52]  // OrderedDict()
        p += [0x28] + str("w")
        p += Array("ctorch._utils\n_rebuild_tensor_v2\n".utf8)
        let pid = tuple([str("storage"), Array("ctorch\nFloatStorage\n".utf8), str("0"), str("cpu"), int(4)]) + [0x51]
        p += tuple([pid, int(offset), tuple(size.map(int)), tuple(stride.map(int)), [0x89],
                    Array("ccollections\nOrderedDict\n".utf8) + [0x29, 0x52]]) + [0x52]
        p += [0x75, 0x2E]  // SETITEMS, STOP
        return p
    }

    static let storage: [UInt8] = [1, 2, 3, 4].flatMap { (f: Float) in le(UInt64(f.bitPattern), 4) }

    /// Writes `bytes` as pytorch_model.bin in a fresh directory.
    func write(_ bytes: [UInt8]) throws -> URL {
        let url = Fixtures.temporaryDirectory().appendingPathComponent("pytorch_model.bin")
        try Data(bytes).write(to: url)
        return url
    }

    /// Reads the checkpoint and every tensor's values.
    func load(_ url: URL) throws -> [String: [Float]] {
        try PyTorchCheckpoint.read(url).mapValues { try $0.floats(key: "w") }
    }

    func assertOneLineError(_ url: URL, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try load(url), file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(error is RoCBertError, "\(type(of: error)): \(text)", file: file, line: line)
            XCTAssertFalse(text.contains("\n"), "one line: \(text)", file: file, line: line)
            for e in [url.path] + expected {
                XCTAssertTrue(text.contains(e), "\"\(text)\" should mention \"\(e)\"", file: file, line: line)
            }
        }
    }

    func checkpoint(pickle: [UInt8], zip64: Bool = false, patch: (inout [UInt64]) -> Void = { _ in }, locator: UInt64? = nil) throws -> URL {
        try write(Self.zip([("archive/data.pkl", pickle), ("archive/data/0", Self.storage)], zip64: zip64, patch: patch, locator: locator))
    }

    // MARK: - The builders make a readable checkpoint

    func testWellFormedCheckpointLoads() throws {
        for zip64 in [false, true] {
            let url = try checkpoint(pickle: Self.statePickle(offset: 0, size: [2, 2], stride: [2, 1]), zip64: zip64)
            XCTAssertEqual(try load(url), ["w": [1, 2, 3, 4]])
            let view = try checkpoint(pickle: Self.statePickle(offset: 1, size: [3], stride: [1]), zip64: zip64)
            XCTAssertEqual(try load(view), ["w": [2, 3, 4]])
            let transposed = try checkpoint(pickle: Self.statePickle(offset: 0, size: [2, 2], stride: [1, 2]), zip64: zip64)
            XCTAssertEqual(try load(transposed), ["w": [1, 3, 2, 4]])
        }
    }

    // MARK: - Pickle nesting

    func testThreeMillionNestedTuples() throws {
        let pickle: [UInt8] = [0x80, 0x02, 0x4E] + [UInt8](repeating: 0x85, count: 3_000_000) + [0x2E]
        assertOneLineError(try checkpoint(pickle: pickle), ["nested deeper than 1000"])
    }

    func testDeeplyNestedListsAndDicts() throws {
        // MARK … LIST, EMPTY_LIST … APPEND, and EMPTY_DICT (None EMPTY_DICT) … SETITEM.
        let lists: [UInt8] = [0x80, 0x02] + [UInt8](repeating: 0x28, count: 200_000) + [UInt8](repeating: 0x6C, count: 200_000) + [0x2E]
        assertOneLineError(try checkpoint(pickle: lists), ["nested deeper than"])
        let appends: [UInt8] = [0x80, 0x02] + [UInt8](repeating: 0x5D, count: 200_001) + [UInt8](repeating: 0x61, count: 200_000) + [0x2E]
        assertOneLineError(try checkpoint(pickle: appends), ["nested deeper than"])
        let dicts: [UInt8] = [0x80, 0x02, 0x7D] + Array(repeating: [0x4E, 0x7D] as [UInt8], count: 200_000).flatMap { $0 }
            + [UInt8](repeating: 0x73, count: 200_000) + [0x2E]
        assertOneLineError(try checkpoint(pickle: dicts), ["nested deeper than"])
    }

    /// A chain built by memoizing lists and linking them afterwards would hide its depth; a nested list is frozen.
    func testMutatingANestedListIsRejected() throws {
        var p: [UInt8] = [0x80, 0x02]
        for i in 0..<3 { p += [0x5D, 0x71, UInt8(i)] }  // three lists, memo 0, 1, 2
        p += [0x68, 1, 0x68, 2, 0x61]  // list 1 takes list 2
        p += [0x68, 0, 0x68, 1, 0x61]  // list 0 takes list 1
        p += [0x68, 2, 0x68, 0, 0x61, 0x2E]  // list 2 (already nested) takes list 0: a cycle
        assertOneLineError(try checkpoint(pickle: p), ["already nested"])
        let selfAppend: [UInt8] = [0x80, 0x02, 0x5D, 0x71, 0, 0x68, 0, 0x61, 0x2E]
        assertOneLineError(try checkpoint(pickle: selfAppend), ["inside itself"])
    }

    /// A tree right at the limit builds and tears down without exhausting the stack; one level more is refused.
    func testNestingAtTheLimitLoadsAndDrops() throws {
        func tuples(_ depth: Int) -> [UInt8] { [0x80, 0x02, 0x4E] + [UInt8](repeating: 0x85, count: depth - 1) + [0x2E] }
        func lists(_ depth: Int) -> [UInt8] {
            [0x80, 0x02] + [UInt8](repeating: 0x28, count: depth) + [UInt8](repeating: 0x6C, count: depth) + [0x2E]
        }
        for build in [tuples, lists] {
            var value: Unpickler.Value? = try Unpickler(Data(build(Unpickler.maxDepth)), source: "limit.pkl").load()
            XCTAssertNotNil(value)
            value = nil
            XCTAssertThrowsError(try Unpickler(Data(build(Unpickler.maxDepth + 1)), source: "limit.pkl").load()) { error in
                XCTAssertTrue("\(error)".contains("limit.pkl") && "\(error)".contains("nested deeper than"), "\(error)")
            }
        }
    }

    func testLengthFieldsNear2To64() throws {
        let unicode8: [UInt8] = [0x80, 0x02, 0x8D] + Self.le(UInt64.max, 8) + [0x2E]
        assertOneLineError(try checkpoint(pickle: unicode8), ["runs past the end"])
        let bytes8: [UInt8] = [0x80, 0x02, 0x8E] + Self.le(UInt64(Int.max), 8) + [0x2E]
        assertOneLineError(try checkpoint(pickle: bytes8), ["runs past the end"])
    }

    // MARK: - Storage offsets and strides

    func testNegativeOffsetSizeOrStride() throws {
        for (offset, size, stride) in [(-1, [2], [1]), (0, [-2], [1]), (2, [2], [-1]), (Int.min, [1], [1])] {
            let url = try checkpoint(pickle: Self.statePickle(offset: offset, size: size, stride: stride))
            assertOneLineError(url, ["tensor w", "negative"])
        }
    }

    func testViewPastTheEndOfItsStorage() throws {
        // Storage "0" holds 4 floats; each view reaches element 4 or beyond.
        let cases: [(Int, [Int], [Int])] = [
            (1, [4], [1]), (0, [5], [1]), (0, [2, 2], [3, 1]), (4, [1], [1]), (0, [3], [2]),
            (Int.max / 4 + 1, [1], [1]), (0, [2], [Int.max]), (0, [Int.max, 2], [1, 1]), (0, [1 << 32, 1 << 32], [1, 1]),
        ]
        for (offset, size, stride) in cases {
            let url = try checkpoint(pickle: Self.statePickle(offset: offset, size: size, stride: stride))
            assertOneLineError(url, ["tensor w", "past the end of its storage data/0"])
        }
    }

    /// A stride-0 view (what expand() saves) reads a few bytes yet may claim any element count; it
    /// loads while it has no more elements than its storage holds from its first one on.
    func testRepeatingViewsWithinTheirStorageLoad() throws {
        let row = try checkpoint(pickle: Self.statePickle(offset: 0, size: [2, 2], stride: [0, 1]))
        XCTAssertEqual(try load(row), ["w": [1, 2, 1, 2]])
        let one = try checkpoint(pickle: Self.statePickle(offset: 0, size: [4], stride: [0]))
        XCTAssertEqual(try load(one), ["w": [1, 1, 1, 1]])
    }

    /// 2^40 elements from a 4-float storage: refused before anything is allocated (the test would
    /// need 4 TB otherwise), also at an offset where fewer elements remain.
    func testRepeatingViewsLargerThanTheirStorage() throws {
        let cases: [(Int, [Int], [Int], String)] = [
            (0, [1 << 40], [0], "1099511627776 elements (size [1099511627776], stride [0]) but its storage holds 4"),
            (0, [1 << 20, 1 << 20], [0, 0], "1099511627776 elements"),
            (2, [3], [0], "3 elements (size [3], stride [0]) but its storage holds 2 from where it starts"),
            (0, [4, 4], [1, 0], "16 elements"),
        ]
        for (offset, size, stride, message) in cases {
            assertOneLineError(try checkpoint(pickle: Self.statePickle(offset: offset, size: size, stride: stride)), ["tensor w", message])
        }
    }

    /// Through the binder the shape is the config's, which may itself be huge ([2^20, 2^16] is within
    /// the config's bounds); a stride-0 file matching it is refused the same way, naming the tensor.
    func testRepeatingViewMatchingAHugeExpectedShape() throws {
        let shape = [RoCBertConfig.maxVocabulary, RoCBertConfig.maxWidth]
        let url = try checkpoint(pickle: Self.statePickle(offset: 0, size: shape, stride: [0, 0]))
        let binder = WeightBinder(CheckpointWeights(tensors: try PyTorchCheckpoint.read(url), source: url.path), ignoring: [])
        XCTAssertThrowsError(try binder.tensor("w", shape: shape)) { error in
            XCTAssertEqual("\(error)", "\(url.path): tensor w has 68719476736 elements (size \(shape), stride [0, 0]) but its storage holds 4 "
                           + "from where it starts: a view that repeats elements is not a model parameter")
        }
    }

    func testStridesThatDoNotMatchTheSizes() throws {
        let url = try checkpoint(pickle: Self.statePickle(offset: 0, size: [2, 2], stride: [1]))
        assertOneLineError(url, ["tensor w", "2 sizes but 1 strides"])
    }

    // MARK: - zip64

    func testZip64FieldsNear2To64() throws {
        let pickle = Self.statePickle(offset: 0, size: [4], stride: [1])
        let patches: [(inout [UInt64]) -> Void] = [
            { $0[0] = .max; $0[1] = .max },
            { $0[0] = .max - 1; $0[1] = .max - 1 },
            { $0[0] = UInt64(Int.max); $0[1] = UInt64(Int.max) },
            { $0[2] = .max },
            { $0[2] = UInt64(Int.max) - 10 },
            { $0[0] = 1 << 40; $0[1] = 1 << 40 },
        ]
        for patch in patches {
            assertOneLineError(try checkpoint(pickle: pickle, zip64: true, patch: patch), ["zip", "entry archive/data"])
        }
        for locator in [UInt64.max, UInt64(Int.max), UInt64(Int.max) - 20, 1 << 40] {
            assertOneLineError(try checkpoint(pickle: pickle, zip64: true, locator: locator), ["zip"])
        }
    }

    func testZip64RecordWithHugeCountAndOffset() throws {
        var bytes = Self.zip([("archive/data.pkl", Self.statePickle(offset: 0, size: [4], stride: [1])),
                              ("archive/data/0", Self.storage)], zip64: true)
        // The zip64 end record sits 56 + 20 + 22 bytes from the end: count at +32, directory offset at +48.
        let record = bytes.count - 22 - 20 - 56
        bytes.replaceSubrange((record + 32)..<(record + 40), with: Self.le(.max, 8))
        assertOneLineError(try write(bytes), ["zip", "entry count"])
        bytes.replaceSubrange((record + 32)..<(record + 40), with: Self.le(2, 8))
        bytes.replaceSubrange((record + 48)..<(record + 56), with: Self.le(UInt64(Int.max) - 3, 8))
        assertOneLineError(try write(bytes), ["zip"])
    }
}
