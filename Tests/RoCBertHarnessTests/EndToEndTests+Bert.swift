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
            // Only the RoCBert checkpoint reads shape and pronunciation ids, so only its edits say whether they kept them.
            let edits = rows.flatMap(\.perturbations)
            XCTAssertFalse(edits.isEmpty, run)
            let rocbert = run.hasPrefix("rocbert ×")
            XCTAssertTrue(edits.allSatisfy { ($0.shapeKept != nil) == rocbert && ($0.pronunciationKept != nil) == rocbert }, run)
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
        let channels = try XCTUnwrap(report.components(separatedBy: "## Side channels of RoCBert checkpoints").dropFirst().first, report)
            .components(separatedBy: "\n## ")[0]
        XCTAssertTrue(channels.contains("| rocbert × sound-and-shape |"), channels)
        XCTAssertFalse(channels.contains("| bert × sound-and-shape |"), channels)
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

    /// `rocbert predict` on a BERT checkpoint of every other head prints what the reference's outputs
    /// decode to (scripts/make_harness_fixtures.py: bert-heads/).
    func testPredictOnBertCheckpointsOfEveryHeadMatchesTheReference() throws {
        let dir = Self.root.appendingPathComponent("scripts/fixtures/harness/bert-heads")
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("expected.json"))) as! [String: [String: [String: Any]]]
        XCTAssertEqual(Set(expected.keys), ["token-classification", "question-answering", "multiple-choice", "masked-lm"])
        for (head, byId) in expected {
            let p = Process()
            p.executableURL = Self.executable
            p.arguments = ["predict", "--checkpoint", dir.appendingPathComponent(head).path, "--head", head,
                           "--input", dir.appendingPathComponent("\(head).jsonl").path]
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            try p.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, "\(head): \(stderr)")
            let lines = stdout.split(separator: UInt8(ascii: "\n"))
            XCTAssertEqual(lines.count, byId.count, head)
            for line in lines {
                let row = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
                let id = row["id"] as! String
                let want = try XCTUnwrap(byId[id], "\(head) \(id)")
                let got = try XCTUnwrap(row["prediction"] as? NSObject, "\(head) \(id)")
                XCTAssertEqual(got, try XCTUnwrap(want["prediction"] as? NSObject), "\(head) \(id)")
                if let scores = want["scores"] as? [Double] {
                    let got = try XCTUnwrap(row["scores"] as? [Double], "\(head) \(id)")
                    XCTAssertEqual(got.count, scores.count)
                    for (g, w) in zip(got, scores) { XCTAssertEqual(g, w, accuracy: 1e-4, "\(head) \(id)") }
                }
            }
        }
    }

    /// `rocbert run` attacks a BERT checkpoint of every head: rows for every example, no errors, and
    /// every record replays from the database alone (multiple choice also with the gold choice edited).
    func testRunAttacksBertCheckpointsOfEveryHead() throws {
        let dir = try workspace()
        for head in ["token-classification", "question-answering", "multiple-choice", "masked-lm"] {
            let constraints = "constraints: {max_perturbed_ratio: 0.5, stopwords: false, allow_rare: true, allow_unk: true}"
            let secondChoice = head == "multiple-choice" ? "\n  - {name: gold-choice, perturb: second, transformations: [homophone, visual], max_queries: 30, \(constraints)}"
                + "\n  - {name: stem-and-choice, perturb: both, transformations: [homophone, visual], max_queries: 30, \(constraints)}" : ""
            let yaml = """
            name: bert-\(head)
            task: \(head)
            dataset: {path: bert-heads/\(head).jsonl, id: id}
            checkpoints: [{name: bert, path: bert-heads/\(head)}]
            attacks:
              - {name: sound, transformations: [homophone, visual], max_queries: 30, \(constraints)}\(secondChoice)
            tables: \(Self.root.appendingPathComponent("attacks/tables").path)
            database: \(head).sqlite
            """
            let suite = dir.appendingPathComponent("\(head).yaml")
            try Data(yaml.utf8).write(to: suite)
            let r = try rocbert(["run", suite.path, "--quiet"])
            XCTAssertEqual(r.status, 0, "\(head): \(r.stderr)")
            let rows = try records(dir.appendingPathComponent("\(head).sqlite")).values.joined()
            XCTAssertGreaterThanOrEqual(rows.count, 8, head)
            XCTAssertFalse(rows.contains { $0.status == .error }, "\(head): \(rows.compactMap(\.errorMessage))")
            XCTAssertTrue(rows.contains { $0.status != .skipped }, "\(head): every example skipped")
            XCTAssertTrue(rows.contains { $0.attackedText != nil }, "\(head): nothing attacked")
            let replayed = try assertRecordsReplayFromTheDatabase(dir.appendingPathComponent("\(head).sqlite"))
            XCTAssertEqual(replayed, rows.count + rows.filter { $0.attackedText != nil }.count, head)
            if head == "token-classification" {
                // Predicted tags are stored by name, like the gold tags.
                let prediction = try XCTUnwrap(rows.first { $0.status != .error }).cleanPrediction
                guard case .tags(let names) = prediction else { return XCTFail("\(prediction)") }
                XCTAssertTrue(names.allSatisfy { $0.map(["O", "B-PER", "I-PER", "B-LOC", "I-LOC"].contains) ?? true }, "\(names)")
            }
            if head == "masked-lm" {
                // A [MASK] is one character of the text's length (and of the edit budget), not six.
                for r in rows {
                    // The gold is a fill, not a QA-shaped span.
                    guard case .fill = r.label else { return XCTFail("example \(r.exampleIndex): \(r.label)") }
                    let masks = r.cleanText.components(separatedBy: "[MASK]").count - 1
                    XCTAssertGreaterThan(masks, 0)
                    XCTAssertEqual(r.textLength, r.cleanText.unicodeScalars.count - 5 * masks, "example \(r.exampleIndex)")
                }
            }
            if head == "multiple-choice" {
                let gold = try XCTUnwrap(try records(dir.appendingPathComponent("\(head).sqlite"))["bert × gold-choice"])
                for r in gold {
                    let choices = try XCTUnwrap(r.choices, "example \(r.exampleIndex)")
                    // perturb second records the gold choice as the edited text, beside every choice.
                    XCTAssertEqual(choices[try XCTUnwrap(r.label.classIndex)], r.cleanText, "example \(r.exampleIndex)")
                }
                // perturb both records the stem and the gold choice joined; replay (above) splits them again.
                let both = try XCTUnwrap(try records(dir.appendingPathComponent("\(head).sqlite"))["bert × stem-and-choice"])
                XCTAssertTrue(both.contains { $0.attackedText != nil })
                for r in both {
                    let choices = try XCTUnwrap(r.choices, "example \(r.exampleIndex)")
                    let stem = r.cleanText.components(separatedBy: ExampleSegments.joint)[0]
                    XCTAssertEqual(r.cleanText, stem + ExampleSegments.joint + choices[try XCTUnwrap(r.label.classIndex)], "example \(r.exampleIndex)")
                    XCTAssertEqual(r.textLength, r.cleanText.unicodeScalars.count - 3, "example \(r.exampleIndex)")
                }
            }
        }
    }
}
