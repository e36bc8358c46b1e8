import Foundation
import XCTest
@testable import RoCBertStore

final class CheckpointHashTests: XCTestCase {
    private func makeCheckpoint(weights: Data = Data([1, 2, 3, 4])) throws -> URL {
        let dir = temporaryDirectory().appendingPathComponent("ckpt")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(#"{"hidden_size": 8}"#.utf8).write(to: dir.appendingPathComponent("config.json"))
        try weights.write(to: dir.appendingPathComponent("model.safetensors"))
        try Data("[PAD]\n[UNK]\n的\n".utf8).write(to: dir.appendingPathComponent("vocab.txt"))
        try Data("{}".utf8).write(to: dir.appendingPathComponent("word_shape.json"))
        return dir
    }

    func testACopyElsewhereHashesTheSameAndUnrelatedFilesDoNotCount() throws {
        let a = try makeCheckpoint()
        let b = temporaryDirectory().appendingPathComponent("copy")
        try FileManager.default.copyItem(at: a, to: b)
        try Data("notes".utf8).write(to: b.appendingPathComponent("README.md"))
        let ha = try CheckpointHash.compute(directory: a)
        XCTAssertEqual(ha.count, 64)
        XCTAssertEqual(ha, try CheckpointHash.compute(directory: b))
        XCTAssertEqual(try CheckpointHash.files(directory: a), ["config.json", "model.safetensors", "vocab.txt", "word_shape.json"])
    }

    func testDifferentWeightsOrAnAddedTableHashDifferently() throws {
        let base = try CheckpointHash.compute(directory: try makeCheckpoint())
        XCTAssertNotEqual(base, try CheckpointHash.compute(directory: try makeCheckpoint(weights: Data([1, 2, 3, 5]))))
        let withTable = try makeCheckpoint()
        try Data("{}".utf8).write(to: withTable.appendingPathComponent("word_pronunciation.json"))
        XCTAssertNotEqual(base, try CheckpointHash.compute(directory: withTable))
    }

    func testLargeFilesAreHashedAcrossChunks() throws {
        // Larger than one read, so the chunk boundary is exercised.
        let big = Data((0..<(CheckpointHash.chunkSize + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let dir = try makeCheckpoint(weights: big)
        var expected = SHA256()
        expected.update("rocbert-checkpoint-hash-v1\0")
        for name in ["config.json", "model.safetensors", "vocab.txt", "word_shape.json"] {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            expected.update(name + "\0")
            let n = UInt64(data.count)
            expected.update(Data((0..<8).reversed().map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) }))
            expected.update(data)
        }
        XCTAssertEqual(try CheckpointHash.compute(directory: dir), expected.hexDigest())
    }

    func testAFolderWithoutWeightsIsAnErrorNamingIt() throws {
        let dir = try makeCheckpoint()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("model.safetensors"))
        XCTAssertThrowsError(try CheckpointHash.compute(directory: dir)) { error in
            XCTAssertTrue("\(error)".contains(dir.path), "\(error)")
            XCTAssertTrue("\(error)".contains("no weight file"), "\(error)")
        }
    }
}
