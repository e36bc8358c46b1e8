import Foundation
import XCTest
import RoCBertStore
@testable import RoCBertHarness

/// Suites that mix a RoCBert checkpoint with a BERT one (scripts/fixtures/harness/checkpoint-bert).
extension EndToEndTests {
    /// Both checkpoints run the same table attacks; the BERT checkpoint's clean scores are the reference's.
    func testSuiteMixesRoCBertAndBertCheckpoints() throws {
        let dir = try workspace()
        let yaml = """
        name: mixed
        task: sequence-classification
        dataset: {path: data.jsonl, labels: [negative, positive], id: id}
        checkpoints:
          - {name: rocbert, path: checkpoint-a}
          - {name: bert, path: checkpoint-bert}
        attacks:
          - {name: sound-and-shape, transformations: [homophone, visual], max_queries: 40, constraints: {max_perturbed_ratio: 0.5, stopwords: false, allow_rare: true, allow_unk: true}}
        tables: \(Self.root.appendingPathComponent("attacks/tables").path)
        database: results.sqlite
        report: report.md
        """
        try Data(yaml.utf8).write(to: dir.appendingPathComponent("mixed.yaml"))
        let r = try rocbert(["run", dir.appendingPathComponent("mixed.yaml").path, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let runs = try records(dir.appendingPathComponent("results.sqlite"))
        XCTAssertEqual(runs.count, 2, "one run per checkpoint")
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("bert-expected.json"))) as! [String: [Double]]
        var bertRows = 0
        for (run, rows) in runs {
            XCTAssertEqual(rows.count, 30, run)
            XCTAssertFalse(rows.contains { $0.status == .error }, "\(run): \(rows.compactMap(\.errorMessage))")
            XCTAssertTrue(rows.contains { !$0.perturbations.isEmpty }, "\(run): the attack tried something")
            guard run.hasPrefix("bert ×") else { continue }
            for row in rows {
                let want = try XCTUnwrap(expected[row.exampleId], row.exampleId)
                for (g, w) in zip(row.cleanScores, want) { XCTAssertEqual(g, w, accuracy: 1e-4, row.exampleId) }
                bertRows += 1
            }
        }
        XCTAssertEqual(bertRows, 30, "the BERT run's rows were checked against the reference")
        let report = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(report.contains("bert") && report.contains("rocbert"), report)
    }

    /// checkpoint-homophone / checkpoint-visual need the checkpoint's own tables: on a BERT checkpoint
    /// the suite stops before anything runs, naming the checkpoint.
    func testCheckpointTablesOnABertCheckpointStopTheSuite() throws {
        let dir = try workspace()
        for transformation in ["checkpoint-homophone", "checkpoint-visual"] {
            let yaml = """
            name: tables-\(transformation)
            task: sequence-classification
            dataset: {path: data.jsonl, labels: [negative, positive], id: id}
            checkpoints: [{name: bert, path: checkpoint-bert}]
            attacks: [{name: own-tables, transformations: [\(transformation)]}]
            tables: \(Self.root.appendingPathComponent("attacks/tables").path)
            database: \(transformation).sqlite
            """
            let suite = dir.appendingPathComponent("\(transformation).yaml")
            try Data(yaml.utf8).write(to: suite)
            let r = try rocbert(["run", suite.path, "--quiet"])
            XCTAssertNotEqual(r.status, 0, transformation)
            let lines = r.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("checkpoint-bert") && r.stderr.contains("word_shape.json"), r.stderr)
            let db = dir.appendingPathComponent("\(transformation).sqlite")
            if FileManager.default.fileExists(atPath: db.path) {
                XCTAssertTrue(try records(db).values.joined().isEmpty, "nothing recorded")
            }
        }
    }
}
