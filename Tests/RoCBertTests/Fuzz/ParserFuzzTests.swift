import Foundation
import RoCBertCore
import XCTest
@testable import RoCBert

/// Every parser of an untrusted checkpoint file, fed seeded mutations of a valid file for a fixed
/// budget: each must return or throw one line, never crash or read outside its bytes. A crash stops
/// the test process, so a passing run is the finding "none in this budget"; the seeds make any
/// failure reproducible. Every tensor's floats are read whatever shape it claims, since `floats`
/// never allocates more than the file's own bytes widened.
final class ParserFuzzTests: XCTestCase {
    static let budget = 3000

    private func assertOneLine(_ body: () throws -> Void, _ context: @autoclosure () -> String) {
        do { try body() } catch {
            XCTAssertFalse("\(error)".contains("\n"), "\(context()): \(error)")
        }
    }

    private func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testJSONAndConfig() throws {
        let seeds = [Fixtures.directory("model/base-concat").appendingPathComponent("config.json"),
                     Fixtures.directory("model/base-concat").appendingPathComponent("inputs.json")].map { try! [UInt8](Data(contentsOf: $0)) }
        var mutator = ByteMutator(seed: 1)
        for i in 0..<(Self.budget * 2) {
            let bytes = mutator.mutate(seeds[i % seeds.count])
            assertOneLine({ _ = try JSONValue.parse(Data(bytes), source: "fuzz.json") }, "json \(i)")
            assertOneLine({ _ = try RoCBertConfig(json: Data(bytes)) }, "config \(i)")
        }
    }

    func testSafetensors() throws {
        let seed = try [UInt8](Data(contentsOf: Fixtures.directory("model/base-concat").appendingPathComponent("model.safetensors")))
        let headerEnd = 8 + Int(seed[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let file = try scratch().appendingPathComponent("model.safetensors")
        var mutator = ByteMutator(seed: 2)
        for i in 0..<Self.budget {
            // Mostly the length and header, sometimes anywhere.
            let bytes = mutator.mutate(seed, focus: i % 4 == 0 ? nil : 0..<(headerEnd + 16))
            try Data(bytes).write(to: file)
            assertOneLine({
                for (key, tensor) in try SafeTensorsFile.read(file) {
                    _ = try tensor.floats(key: key)
                }
            }, "safetensors \(i)")
        }
    }

    func testPyTorchZipAndPickle() throws {
        let seed = try [UInt8](Data(contentsOf: Fixtures.directory("model/format-bin").appendingPathComponent("pytorch_model.bin")))
        let file = try scratch().appendingPathComponent("pytorch_model.bin")
        var mutator = ByteMutator(seed: 3)
        // The central directory sits at the end; the pickle near the start.
        let tail = max(0, seed.count - 512)..<seed.count
        for i in 0..<Self.budget {
            let focus: Range<Int>? = [nil, tail, 0..<2048][i % 3]
            try Data(mutator.mutate(seed, focus: focus)).write(to: file)
            assertOneLine({
                for (key, tensor) in try PyTorchCheckpoint.read(file) {
                    _ = try tensor.floats(key: key)
                }
            }, "pytorch \(i)")
        }
    }
}
