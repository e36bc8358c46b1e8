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

    /// Constraints that let every substitute through, to see what the transformations propose.
    static var anything: AttackSpec.Constraints {
        var c = AttackSpec.Constraints()
        c.allowRare = true
        c.allowUnk = true
        return c
    }

    func testCandidatesOutsideTheVocabularyAreFlaggedAndKeptOnlyWhenAllowed() throws {
        let generate = try CandidateFactory.make(transformations: ["homophone"], checkpoint: Self.checkpoint, tables: Self.toyTables,
                                                 constraints: Self.anything, context: "t")
        let edits = generate(PerturbedText("是"), 0)
        // 市 and 事 are in checkpoint-a's vocabulary, 时 is not: with allow_unk it stays, flagged.
        XCTAssertEqual(edits.map(\.replacement), ["市", "事", "时"])
        XCTAssertEqual(edits.map(\.outOfVocabulary), [false, false, true])
        var noUnk = Self.anything
        noUnk.allowUnk = false
        let known = try CandidateFactory.make(transformations: ["homophone"], checkpoint: Self.checkpoint, tables: Self.toyTables,
                                              constraints: noUnk, context: "t")
        XCTAssertEqual(known(PerturbedText("是"), 0).map(\.replacement), ["市", "事"])
        let unflagged = try CandidateFactory.make(transformations: ["homophone"], checkpoint: nil, tables: Self.toyTables,
                                                  constraints: Self.anything, context: "t")
        XCTAssertEqual(unflagged(PerturbedText("是"), 0).map(\.outOfVocabulary), [false, false, false])
    }

    /// By default a sound or shape substitute is one of the commonest characters (the fixture's
    /// standard list holds 是 未 末 事 己 已), and every candidate carries its validity facts.
    func testSubstitutesAreCommonByDefaultAndCarryTheirValidityFacts() throws {
        let generate = try CandidateFactory.make(transformations: ["homophone", "visual"], checkpoint: nil, tables: Self.toyTables, context: "t")
        let ofShi = generate(PerturbedText("是"), 0)
        XCTAssertEqual(ofShi.map(\.replacement), ["事"], "市 and 时 are not in the fixture's standard list")
        XCTAssertEqual(ofShi.map(\.substituteRank), [4])
        XCTAssertEqual(ofShi.map(\.humanConfusion), [false])
        XCTAssertEqual(ofShi.map(\.toneChanged), [false])
        let ofWei = generate(PerturbedText("未"), 0)
        XCTAssertEqual(ofWei.map(\.replacement), ["末"])
        XCTAssertEqual(ofWei.map(\.humanConfusion), [true])
        XCTAssertEqual(ofWei.map(\.toneChanged), [nil], "a look-alike has no tone to change")
        var rank3 = AttackSpec.Constraints()
        rank3.commonRank = 3
        let stricter = try CandidateFactory.make(transformations: ["homophone"], checkpoint: nil, tables: Self.toyTables, constraints: rank3, context: "t")
        XCTAssertEqual(stricter(PerturbedText("是"), 0).map(\.replacement), [], "事 is 4th")
        let rare = try CandidateFactory.make(transformations: ["homophone"], checkpoint: nil, tables: Self.toyTables, constraints: Self.anything, context: "t")
        let all = rare(PerturbedText("是"), 0)
        XCTAssertEqual(all.map(\.replacement), ["市", "事", "时"])
        XCTAssertEqual(all.map(\.substituteRank), [nil, 4, nil])
        XCTAssertEqual(all.map(\.toneChanged), [false, false, true], "时 is shi2 against 是 shi4")
        XCTAssertEqual(all.map(\.humanConfusion), [true, false, false])
        // Pinyin and splits are not character substitutions: no floor, no tone fact.
        let pinyin = try CandidateFactory.make(transformations: ["pinyin"], checkpoint: nil, tables: Self.toyTables, context: "t")
        XCTAssertEqual(pinyin(PerturbedText("是"), 0).map(\.replacement), ["shi", "s"])
        XCTAssertEqual(pinyin(PerturbedText("是"), 0).map(\.toneChanged), [nil, nil])
    }

    func testTheCommonnessFloorNeedsTheStandardListUnlessRareSubstitutesAreAllowed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("no-standard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["pronunciation.tsv", "visual.tsv"] {
            try FileManager.default.copyItem(at: Self.toyTables.tablesDirectory.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let tables = PerturbationTables(tablesDirectory: dir, dataDirectory: Self.toyTables.dataDirectory)
        XCTAssertThrowsError(try CandidateFactory.make(transformations: ["homophone"], checkpoint: nil, tables: tables, context: "attack a")) { e in
            let line = "\(e)"
            XCTAssertTrue(line.hasPrefix("attack a: ") && line.contains("standard-chars.tsv") && line.contains("allow_rare: true"), line)
        }
        let rare = try CandidateFactory.make(transformations: ["homophone"], checkpoint: nil, tables: tables, constraints: Self.anything, context: "t")
        XCTAssertEqual(rare(PerturbedText("是"), 0).map(\.substituteRank), [nil, nil, nil])
        XCTAssertEqual(rare(PerturbedText("是"), 0).map(\.humanConfusion), [nil, nil, nil], "no human-confusion table: not looked up")
        // A malformed annotation table is an error, not a silent gap in the validity figures.
        try Data("char\tother\tkind\n是\t事\tsounds\n".utf8).write(to: dir.appendingPathComponent("human-confusion.tsv"))
        XCTAssertThrowsError(try CandidateFactory.make(transformations: ["homophone"], checkpoint: nil, tables: PerturbationTables(
            tablesDirectory: dir, dataDirectory: Self.toyTables.dataDirectory), constraints: Self.anything, context: "attack a")) { e in
            XCTAssertTrue("\(e)".hasPrefix("attack a: ") && "\(e)".contains("human-confusion.tsv:2:"), "\(e)")
        }
    }

    func testSuitesSpellTheSubstituteSettings() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func suite(_ constraints: String) throws -> AttackSuite {
            let yaml = "name: s\ndataset: {path: d.jsonl}\ncheckpoints: [{path: c}]\n"
                + "attacks: [{name: a, transformations: [visual], constraints: {\(constraints)}}]\ndatabase: x.sqlite\n"
            try Data(yaml.utf8).write(to: dir.appendingPathComponent("s.yaml"))
            return try AttackSuite(contentsOf: dir.appendingPathComponent("s.yaml"))
        }
        let defaults = try suite("stopwords: true").attacks[0].constraints
        XCTAssertEqual([defaults.allowRare, defaults.allowUnk], [false, false])
        XCTAssertEqual(defaults.commonRank, 3500)
        let open = try suite("allow_rare: true, allow_unk: true, common_rank: 6500").attacks[0].constraints
        XCTAssertEqual([open.allowRare, open.allowUnk], [true, true])
        XCTAssertEqual(open.commonRank, 6500)
        for (bad, message) in [("common_rank: 0", "common_rank: must lie in 1...8105"), ("allow_rare: sometimes", "allow_rare: must be true or false"),
                               ("allow_rarer: true", "allow_rarer: unknown field")] {
            XCTAssertThrowsError(try suite(bad)) { XCTAssertTrue("\($0)".contains(message), "\($0)") }
        }
    }

    func testTransformationsInterleaveAndNeedWhatTheyNeed() throws {
        let generate = try CandidateFactory.make(transformations: ["homophone", "pinyin"], checkpoint: nil, tables: Self.toyTables,
                                                 constraints: Self.anything, context: "t")
        XCTAssertEqual(generate(PerturbedText("是"), 0).map(\.replacement), ["市", "shi", "事", "s", "时"])
        XCTAssertThrowsError(try CandidateFactory.make(transformations: ["checkpoint-visual"], checkpoint: nil, tables: Self.toyTables, context: "perturb")) {
            XCTAssertTrue("\($0)".contains("perturb: transformation checkpoint-visual needs a checkpoint"), "\($0)")
        }
        let broken = PerturbationTables(tablesDirectory: URL(fileURLWithPath: "/nonexistent"), dataDirectory: URL(fileURLWithPath: "/nonexistent"))
        XCTAssertThrowsError(try CandidateFactory.make(transformations: ["visual"], checkpoint: nil, tables: broken, constraints: Self.anything,
                                                       context: "attack a")) {
            XCTAssertTrue("\($0)".hasPrefix("attack a: transformation visual: /nonexistent/visual.tsv: cannot read"), "\($0)")
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
            var r = SplitMix64(seed: seed)
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
                             "--checkpoint", Self.checkpoint.path, "--edit-stopwords", "--allow-rare", "--allow-unk"] + tableArgs)
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(lines.map { $0["replacement"] as! String }, ["市", "事", "时", "快乐", "欢乐", "快乐", "欢乐"])
        XCTAssertEqual(lines[0]["justification"] as? String, "homophone: 是 shì = 市 shì; people confuse them")
        XCTAssertEqual(lines[2]["in_vocabulary"] as? Bool, false)
        XCTAssertEqual(lines[3]["position"] as? Int, 3)
        XCTAssertEqual(lines[3]["original"] as? String, "高兴")
        // By default rare (市 and 时 are not in the fixture's standard list) and [UNK] substitutes stay out.
        let common = try rocbert(["perturb", "--text", "我是很高兴", "--transformation", "homophone", "--checkpoint", Self.checkpoint.path,
                                  "--edit-stopwords"] + tableArgs)
        XCTAssertEqual(common.out.split(separator: "\n").map { (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["replacement"] as! String },
                       ["事"])
        // Stopwords (是) are left alone unless asked.
        let plain = try rocbert(["perturb", "--text", "我是很高兴", "--transformation", "homophone"] + tableArgs)
        XCTAssertEqual(plain.out, "")
    }

    /// The check, through the command on the real tables: every classic look-alike pair is
    /// among `rocbert perturb --transformation visual`'s candidates, both ways; by default only 戍
    /// (3,588th in the General Standard list, past the 3,500 floor) needs --allow-rare.
    func testPerturbOffersTheClassicLookAlikes() throws {
        let pairs = ["日曰", "己已", "已巳", "己巳", "未末", "土士", "戊戌", "戌戍", "戊戍", "人入", "拔拨", "候侯", "准淮"]
        let text = String(Set(pairs.joined()).sorted())
        let real = ["--tables", Self.root.appendingPathComponent("attacks/tables").path]
        /// Character → its candidates, from one listing of every position of `text`.
        func offered(_ extra: [String]) throws -> [String: Set<String>] {
            let r = try rocbert(["perturb", "--text", text, "--transformation", "visual", "--edit-stopwords"] + real + extra)
            XCTAssertEqual(r.status, 0, r.err)
            var out: [String: Set<String>] = [:]
            for line in r.out.split(separator: "\n") {
                let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                out[o["original"] as! String, default: []].insert(o["replacement"] as! String)
            }
            return out
        }
        let rare = try offered(["--allow-rare"]), common = try offered([])
        for pair in pairs {
            let (a, b) = (String(pair.first!), String(pair.last!))
            XCTAssertTrue(rare[a, default: []].contains(b) && rare[b, default: []].contains(a), "\(a) ↔ \(b)")
            if !pair.contains("戍") {
                XCTAssertTrue(common[a, default: []].contains(b) && common[b, default: []].contains(a), "\(a) ↔ \(b) by default")
            }
        }
        XCTAssertFalse(common["戌", default: []].contains("戍"), "戍 is past the default floor")
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
            (["perturb", "--text", "是", "--transformation", "visual", "--tables", "/nonexistent"], "/nonexistent/standard-chars.tsv: cannot read"),
            (["perturb", "--text", "是", "--transformation", "visual", "--tables", "/nonexistent", "--allow-rare"], "/nonexistent/visual.tsv: cannot read"),
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
