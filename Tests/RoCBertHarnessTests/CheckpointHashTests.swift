import Crypto
import Foundation
import XCTest
@testable import RoCBertHarness

final class CheckpointHashTests: XCTestCase {
    private func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rocbert-hash-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

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
        // A BERT checkpoint's tokenizer options change what the model reads (do_lower_case).
        let cased = try makeCheckpoint()
        try Data(#"{"do_lower_case": false}"#.utf8).write(to: cased.appendingPathComponent("tokenizer_config.json"))
        XCTAssertNotEqual(base, try CheckpointHash.compute(directory: cased))
    }

    func testLargeFilesAreHashedAcrossChunks() throws {
        // Larger than one read, so the chunk boundary is exercised.
        let big = Data((0..<(CheckpointHash.chunkSize + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let dir = try makeCheckpoint(weights: big)
        var framed = Data("rocbert-checkpoint-hash-v1\0".utf8)
        for name in ["config.json", "model.safetensors", "vocab.txt", "word_shape.json"] {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            framed += Data((name + "\0").utf8)
            let n = UInt64(data.count)
            framed += Data((0..<8).reversed().map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) })
            framed += data
        }
        let expected = SHA256.hash(data: framed).map { String(format: "%02x", $0) }.joined()
        XCTAssertEqual(try CheckpointHash.compute(directory: dir), expected)
    }

    func testTheDemoCheckpointsKeepTheHashesTheCommittedDatabaseRecorded() throws {
        // The scheme is the one the store's runs were keyed by before swift-crypto computed it.
        let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../models").standardizedFileURL
        XCTAssertEqual(try CheckpointHash.compute(directory: models.appendingPathComponent("demo-bert")),
                       "69f1685fb578cdbdd9c515d7c0dc721a70437c10b66bc6aacf2a30f144b3013c")
        XCTAssertEqual(try CheckpointHash.compute(directory: models.appendingPathComponent("demo-rocbert")),
                       "79251b867a319c35b9f4e8a260f230ba8a39386cbde1be387bcbc3d42fd93869")
    }

    func testTheCacheHashesOnceAndAgainWhenAFileChanges() throws {
        let dir = try makeCheckpoint()
        let cache = CheckpointHashCache()
        let first = try cache.hash(directory: dir)
        // A wrong seeded value is served while the files are unchanged: proof the cache, not the files, answered.
        try cache.seed(directory: dir, hash: "seeded")
        XCTAssertEqual(try cache.hash(directory: dir), "seeded")
        try Data([9, 9, 9, 9, 9]).write(to: dir.appendingPathComponent("model.safetensors"))
        let changed = try cache.hash(directory: dir)
        XCTAssertNotEqual(changed, "seeded")
        XCTAssertNotEqual(changed, first)
        XCTAssertEqual(changed, try CheckpointHash.compute(directory: dir))
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
