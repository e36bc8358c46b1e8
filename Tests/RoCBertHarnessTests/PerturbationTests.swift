import Foundation
import RoCBertCore
import XCTest
import RoCBert
import RoCBertAttack
@testable import RoCBertHarness

/// Candidates as the harness builds them: table transformations against a checkpoint's vocabulary,
/// masked-LM proposals, seeded perturbation, and `rocbert perturb` itself.
final class PerturbationTests: XCTestCase {
    static let root = EndToEndTests.root
    static let toyTables = PerturbationTables(
        tablesDirectory: root.appendingPathComponent("Tests/RoCBertAttackTests/Fixtures/tables"),
        dataDirectory: root.appendingPathComponent("Tests/RoCBertAttackTests/Fixtures/data"))
    static let checkpoint = root.appendingPathComponent("scripts/fixtures/harness/checkpoint-a")
    static let guide = root.appendingPathComponent("scripts/fixtures/harness/guide-mlm")

    func testCandidatesOutsideTheVocabularyAreKeptAndFlagged() throws {
        let generate = try CandidateFactory.make(transformations: ["homophone"], checkpoint: Self.checkpoint, tables: Self.toyTables, context: "t")
        let edits = generate(PerturbedText("是"), 0)
        // 事 and 市 are in checkpoint-a's vocabulary, 时 is not: it stays, flagged.
        XCTAssertEqual(edits.map(\.replacement), ["事", "市", "时"])
        XCTAssertEqual(edits.map(\.outOfVocabulary), [false, false, true])
        let unflagged = try CandidateFactory.make(transformations: ["homophone"], checkpoint: nil, tables: Self.toyTables, context: "t")
        XCTAssertEqual(unflagged(PerturbedText("是"), 0).map(\.outOfVocabulary), [false, false, false])
    }

    func testTransformationsInterleaveAndNeedWhatTheyNeed() throws {
        let generate = try CandidateFactory.make(transformations: ["homophone", "pinyin"], checkpoint: nil, tables: Self.toyTables, context: "t")
        XCTAssertEqual(generate(PerturbedText("是"), 0).map(\.replacement), ["事", "shi", "市", "s", "时"])
        XCTAssertThrowsError(try CandidateFactory.make(transformations: ["checkpoint-visual"], checkpoint: nil, tables: Self.toyTables, context: "perturb")) {
            XCTAssertTrue("\($0)".contains("perturb: transformation checkpoint-visual needs a checkpoint"), "\($0)")
        }
        let broken = PerturbationTables(tablesDirectory: URL(fileURLWithPath: "/nonexistent"), dataDirectory: URL(fileURLWithPath: "/nonexistent"))
        XCTAssertThrowsError(try CandidateFactory.make(transformations: ["visual"], checkpoint: nil, tables: broken, context: "attack a")) {
            XCTAssertTrue("\($0)".hasPrefix("attack a: transformation visual: /nonexistent/shape.tsv: cannot read"), "\($0)")
        }
    }

    func testMaskedLMProposalsAreTheHeadsLikeliestFillsTheTablesRelate() throws {
        let ranker = try MaskedLMRanker(directory: Self.guide, topK: 20)
        let related = try ["homophone", "visual"].compactMap { try Self.toyTables.transformation(named: $0) }
        let t = MaskedLMTransformation(ranker: ranker, related: related, fillsConsidered: 200)
        let text = PerturbedText("这家店是真好")
        let edits = t.candidates(text, at: 3)
        let allowed = Set(related.flatMap { $0.candidates(text, at: 3).map(\.replacement) })
        XCTAssertFalse(edits.isEmpty)
        XCTAssertTrue(edits.allSatisfy { allowed.contains($0.replacement) && $0.transformation == "masked-lm" })
        // Likeliest first, by the head's own probabilities.
        let p = try ranker.plausibility(text, slot: 3, replacements: edits.map(\.replacement))
        XCTAssertEqual(p, p.sorted(by: >))
        XCTAssertTrue(edits[0].justification.contains("p=") && edits[0].justification.contains("homophone: 是"), edits[0].justification)
    }

    func testRandomPerturberIsSeededAndRespectsConstraints() throws {
        let generate = try CandidateFactory.make(transformations: ["homophone", "visual", "split"], checkpoint: nil, tables: Self.toyTables, context: "t")
        let text = "是未好，是未好。是12号"
        var c = AttackSpec.Constraints()
        c.protectedStrings = ["是未好。"]
        let editable = EditableSlots.compute(text, constraints: c, protected: [], stopwords: [])
        // Protected 是未好。 (4–7), the comma and the digits are not editable.
        XCTAssertEqual(editable, [0, 1, 2, 8, 11])
        let perturber = RandomPerturber(candidates: generate, ratio: 0.5, topK: 3)
        func run(_ seed: UInt64) -> PerturbedText {
            var r = SeededRandom(seed: seed)
            return perturber.perturb(text, editable: editable, random: &r)
        }
        XCTAssertEqual(run(7), run(7))
        XCTAssertNotEqual(Set((0..<8).map { run($0).text }).count, 1, "different seeds should give different copies")
        for seed in 0..<8 {
            let p = run(UInt64(seed))
            XCTAssertTrue(p.modifiedSlots.isSubset(of: Set(editable)))
            XCTAssertEqual(p.perturbedCharacters, 3, "half of the 5 editable characters, rounded")
            XCTAssertEqual(Array(p.slots[3...7]), ["，", "是", "未", "好", "。"])
            XCTAssertEqual(Array(p.slots[9...10]), ["1", "2"])
        }
    }

    /// Runs the CLI, returning status, stdout and stderr.
    func rocbert(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = EndToEndTests.executable
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    var tableArgs: [String] {
        ["--tables", Self.toyTables.tablesDirectory.path, "--data", Self.toyTables.dataDirectory.path]
    }

    func testPerturbCommandListsCandidatesWithJustification() throws {
        let r = try rocbert(["perturb", "--text", "我是很高兴", "--transformation", "homophone", "--transformation", "synonym",
                             "--checkpoint", Self.checkpoint.path, "--edit-stopwords"] + tableArgs)
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(lines.map { $0["replacement"] as! String }, ["事", "市", "时", "快乐", "欢乐", "快乐", "欢乐"])
        XCTAssertEqual(lines[0]["justification"] as? String, "homophone: 是 shì = 事 shì")
        XCTAssertEqual(lines[2]["in_vocabulary"] as? Bool, false)
        XCTAssertEqual(lines[3]["position"] as? Int, 3)
        XCTAssertEqual(lines[3]["original"] as? String, "高兴")
        // Stopwords (是) are left alone unless asked.
        let plain = try rocbert(["perturb", "--text", "我是很高兴", "--transformation", "homophone"] + tableArgs)
        XCTAssertEqual(plain.out, "")
    }

    func testPerturbCommandIsDeterministicPerSeed() throws {
        let args = ["perturb", "--text", "是未好是未好是未好", "--transformation", "homophone", "--transformation", "visual",
                    "--edit-stopwords", "--limit", "3"] + tableArgs
        let a = try rocbert(args + ["--seed", "1"]), b = try rocbert(args + ["--seed", "1"])
        XCTAssertEqual(a.status, 0, a.err)
        XCTAssertEqual(a.out, b.out)
        XCTAssertEqual(a.out.split(separator: "\n").count, 3)
        let seeds = try (2...6).map { try rocbert(args + ["--seed", "\($0)"]).out }
        XCTAssertTrue(seeds.contains { $0 != a.out })
        let applied = ["perturb", "--text", "是未好是未好", "--transformation", "visual", "--transformation", "split", "--apply", "--ratio", "0.5"] + tableArgs
        let x = try rocbert(applied + ["--seed", "3", "--limit", "4"]), y = try rocbert(applied + ["--seed", "3", "--limit", "4"])
        XCTAssertEqual(x.status, 0, x.err)
        XCTAssertEqual(x.out, y.out)
        XCTAssertEqual(x.out.split(separator: "\n").count, 4)
    }

    func testPerturbCommandBadInputs() throws {
        for (args, expected) in [
            (["perturb", "--text", "是", "--transformation", "homofone"], "unknown transformation homofone"),
            (["perturb", "--text", "是"], "at least one --transformation"),
            (["perturb", "--text", "是", "--transformation", "visual", "--tables", "/nonexistent"], "/nonexistent/shape.tsv: cannot read"),
            (["perturb", "--input", "/nonexistent.jsonl", "--transformation", "visual", "--apply"] + tableArgs, "/nonexistent.jsonl"),
            (["perturb", "--text", "是", "--transformation", "visual", "--apply", "--ratio", "0"], "--ratio"),
        ] {
            let r = try rocbert(args)
            XCTAssertNotEqual(r.status, 0, args.joined(separator: " "))
            XCTAssertTrue(r.err.contains(expected), "\(args): \(r.err)")
            XCTAssertEqual(r.err.split(separator: "\n").count, r.err.contains("Usage") ? r.err.split(separator: "\n").count : 1, r.err)
        }
    }
}
