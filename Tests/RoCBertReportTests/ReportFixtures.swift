import Foundation
import RoCBertCore
import RoCBertStore
import XCTest

extension XCTestCase {
    /// A fresh empty temporary folder, removed when the test ends.
    func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rocbert-report-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}

/// A small results database whose metrics are worked out by hand in the tests.
enum ReportFixtures {
    /// One example; successful ones replace 未 by 末 at scalar 6.
    static func record(_ index: Int, _ status: ExampleStatus, queries: Int = 10, perturbed: Int = 1, length: Int = 9) -> ExampleRecord {
        let clean = "这部电影我还未看过"
        let successful = status == .successful
        return ExampleRecord(
            exampleIndex: index, exampleId: "ex\(index)", cleanText: clean, label: .classIndex(1),
            cleanPrediction: .classIndex(status == .skipped ? 0 : 1), cleanScores: [0.2, 0.8],
            attackedText: successful ? "这部电影我还末看过" : nil, attackedPrediction: successful ? .classIndex(0) : nil,
            attackedScores: successful ? [0.7, 0.3] : nil,
            status: status, queries: queries, modelQueries: queries / 2,
            perturbedCharacters: successful ? perturbed : 0, textLength: length,
            perturbations: successful ? [Perturbation(position: 6, original: "未", replacement: "末", transformation: "shape", justification: "one stroke apart")] : [],
            errorMessage: status == .error ? "empty text" : nil, elapsedSeconds: 0.5)
    }

    static func key(_ checkpoint: String, attack: String, budget: Int, transformations: [String] = ["shape"]) -> RunKey {
        RunKey(suite: "demo", attack: AttackSpec(name: attack, transformations: transformations, maxQueries: budget),
               checkpointName: checkpoint, checkpointPath: "/models/\(checkpoint)", checkpointHash: "hash-\(checkpoint)",
               precision: .fp32, datasetHash: "data", head: .sequenceClassification, seed: 1)
    }

    /// Runs, in creation order (ids 1…5):
    /// 1 base × shape @100: 4 successful, 3 failed, 2 skipped, 1 error
    /// 2 robust × shape @100: 1 successful, 7 failed, 2 skipped
    /// 3 base × shape @500: 6 successful, 1 failed, 2 skipped, 1 error
    /// 4 robust × shape @500: 2 successful, 6 failed, 2 skipped
    /// 5 base × mixed @100: 3 skipped (every rate but accuracy undefined)
    static func makeDatabase(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("results.sqlite").path
        let store = try ResultStore(path: path)
        func run(_ key: RunKey, _ records: [ExampleRecord]) throws {
            let (id, _, _) = try store.openRun(key, plannedExamples: records.count)
            for r in records { try store.record(r, runId: id) }
            try store.finishRun(id)
        }
        // Run 1: perturbed 1/10, 2/10, 1/20, 1/5 → 10, 20, 5, 20 % → mean 13.75 %;
        // queries 10, 20, 30, 40 (successful), 50, 60, 70 (failed) → mean 40, model queries 20.
        try run(key("base", attack: "shape", budget: 100), [
            record(0, .successful, queries: 10, perturbed: 1, length: 10),
            record(1, .successful, queries: 20, perturbed: 2, length: 10),
            record(2, .successful, queries: 30, perturbed: 1, length: 20),
            record(3, .successful, queries: 40, perturbed: 1, length: 5),
            record(4, .failed, queries: 50), record(5, .failed, queries: 60), record(6, .failed, queries: 70),
            record(7, .skipped, queries: 1), record(8, .skipped, queries: 1), record(9, .error, queries: 0),
        ])
        try run(key("robust", attack: "shape", budget: 100),
                [record(0, .successful)] + (1...7).map { record($0, .failed) } + [record(8, .skipped), record(9, .skipped)])
        try run(key("base", attack: "shape", budget: 500),
                (0...5).map { record($0, .successful) } + [record(6, .failed), record(7, .skipped), record(8, .skipped), record(9, .error)])
        try run(key("robust", attack: "shape", budget: 500),
                (0...1).map { record($0, .successful) } + (2...7).map { record($0, .failed) } + [record(8, .skipped), record(9, .skipped)])
        try run(key("base", attack: "mixed", budget: 100, transformations: ["shape", "pronunciation"]),
                (0...2).map { record($0, .skipped) })
        return path
    }
}
