import Foundation
import RoCBertCore
import XCTest
@testable import RoCBertHarness

/// The suite YAML and the JSONL data lines, fed seeded mutations of valid files for a fixed budget:
/// each must load or fail with one line, never crash. (Seeded so a failure reproduces.)
final class SuiteFuzzTests: XCTestCase {
    static let budget = 1500
    /// Bytes that mean something to YAML and JSON, inserted to reach their parsers' corners.
    static let syntax = [UInt8](":[]{}&*!|>-#'\"\n ,".utf8)

    private func mutate(_ input: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + random.below(4)) {
            guard !bytes.isEmpty else { bytes = [UInt8(truncatingIfNeeded: random.next())]; continue }
            let at = random.below(bytes.count)
            switch random.below(5) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes.insert(Self.syntax[random.below(Self.syntax.count)], at: at)
            case 2: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(8)))
            case 3: bytes.removeSubrange(at..<bytes.count)
            default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 1 + random.below(24))], at: random.below(bytes.count))
            }
        }
        return bytes
    }

    func testSuiteFilesAndDataLines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("suite-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("ckpt"), withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let suiteSeed = [UInt8]("""
            name: fuzz
            task: sequence-classification
            dataset: {path: data.jsonl, labels: [neg, pos], id: id, limit: 3, seed: 2, max_text_chars: 50}
            checkpoints: [{name: a, path: ckpt}]
            attacks:
              - {name: h, transformations: [homophone, visual], search: beam, beam_width: 2, max_queries: [5, 9],
                 constraints: {max_perturbed_ratio: 0.3, protected: [北京], allow_rare: true, min_edits: 1}}
            database: r.sqlite

            """.utf8)
        let dataSeed = [UInt8]("""
            {"id": "a", "text": "这家店真好", "label": "pos"}
            {"id": "b", "text": "一般般", "label": 0, "protected": ["一般"]}
            {"id": "c", "text": "很棒\\n的店", "label": "pos"}

            """.utf8)
        var random = SplitMix64(seed: 4)
        let suiteFile = dir.appendingPathComponent("suite.yaml"), dataFile = dir.appendingPathComponent("data.jsonl")
        for i in 0..<Self.budget {
            try Data(mutate(suiteSeed, &random)).write(to: suiteFile)
            try Data(mutate(dataSeed, &random)).write(to: dataFile)
            do {
                let suite = try AttackSuite(contentsOf: suiteFile)
                _ = try DatasetLoader.load(suite.dataset, task: suite.task)
            } catch {
                XCTAssertFalse("\(error)".contains("\n"), "input \(i): \(error)")
            }
        }
    }
}
