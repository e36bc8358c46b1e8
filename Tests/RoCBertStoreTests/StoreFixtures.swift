import Foundation
import RoCBertCore
import XCTest
@testable import RoCBertStore

extension XCTestCase {
    /// A fresh empty temporary folder, removed when the test ends.
    func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rocbert-store-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A database path in a fresh temporary folder.
    func temporaryDatabasePath() -> String { temporaryDirectory().appendingPathComponent("results.sqlite").path }
}

/// Temporary folders, keys and records for the store tests.
enum StoreFixtures {
    static func key(checkpointHash: String = "aaaa", attack: String = "greedy-shape", seed: UInt64 = 7,
                    precision: Precision = .fp32, datasetHash: String = "d1") -> RunKey {
        RunKey(suite: "demo", attack: AttackSpec(name: attack, transformations: ["visual"], maxQueries: 200),
               checkpointName: "tiny", checkpointPath: "/models/tiny", checkpointHash: checkpointHash, precision: precision,
               datasetHash: datasetHash, head: .sequenceClassification, seed: seed)
    }

    /// A successful attack with every field set, including non-ASCII text and awkward numbers.
    static func fullRecord(index: Int = 0) -> ExampleRecord {
        ExampleRecord(
            exampleIndex: index, exampleId: "ex-\(index)",
            cleanText: "这部电影我还未看过 😀 'quote' \"dq\"", pairText: "第二句\n换行",
            label: "1", cleanPrediction: "1", cleanScores: [0.1, 1.0 / 3.0, 1e-300, -2.5],
            attackedText: "这部电影我还末看过 😀 'quote' \"dq\"", attackedPrediction: "0", attackedScores: [0.9, 0.1],
            status: .successful, queries: 42, modelQueries: 17, perturbedCharacters: 1, textLength: 26,
            perturbations: [
                Perturbation(position: 6, original: "未", replacement: "末", transformation: "shape", justification: "未/末 differ by one stroke"),
                Perturbation(position: 2, original: "电影", replacement: "電影", transformation: "traditional", justification: "traditional form", outOfVocabulary: true),
            ],
            extraMetrics: ["clean_f1": 0.75, "attacked_f1": 0.125],
            errorMessage: nil, elapsedSeconds: 1.234567)
    }

    /// A minimal record with a chosen status.
    static func record(index: Int, status: ExampleStatus = .failed) -> ExampleRecord {
        ExampleRecord(exampleIndex: index, exampleId: "ex-\(index)", cleanText: "文本\(index)", label: "0",
                      cleanPrediction: "0", cleanScores: [0.6, 0.4], status: status,
                      queries: 10, modelQueries: 5, perturbedCharacters: 0, textLength: 3, elapsedSeconds: 0.01)
    }
}
