import Foundation
import RoCBertCore
import XCTest

final class AttackSpecCodingTests: XCTestCase {
    /// A spec with every setting away from its default, and protected strings JSON must escape.
    private func awkwardSpec(_ search: AttackSpec.Search) -> AttackSpec {
        var c = AttackSpec.Constraints()
        c.maxPerturbedRatio = 0.15
        c.skipDigits = false
        c.protectedStrings = [#"C:\路径\n"#, #"他说"好""#, "第一行\n第二行\t制表", "\u{1}控制", "/斜线/"]
        return AttackSpec(name: #"名字 "带引号" \ 反斜线"#, transformations: ["visual", "homophone"], search: search, saliency: .unk,
                          target: 1, constraints: c, maxQueries: 300, maxCandidates: 7)
    }

    func testEverySearchRoundTripsThroughTheStoredText() throws {
        let searches: [AttackSpec.Search] = [.greedy, .random, .beam(width: 3), .maskedLMGuided(topK: 5, guide: nil),
                                             .maskedLMGuided(topK: 8, guide: URL(fileURLWithPath: "/models/带 空格\\guide"))]
        for search in searches {
            let spec = awkwardSpec(search)
            let text = spec.canonicalJSON
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(text.utf8)), "valid JSON: \(text)")
            XCTAssertEqual(try AttackSpec(canonicalJSON: text), spec)
            XCTAssertFalse(text.contains("\n"), "one line: newlines inside strings are escaped")
        }
    }

    func testTheTextIsCanonicalSortedAndSpellsOutDefaults() {
        let spec = AttackSpec(name: "homophone", transformations: ["homophone"], maxQueries: 300)
        XCTAssertEqual(spec.canonicalJSON, #"{"constraints":{"allow_rare":false,"allow_unk":false,"common_rank":3500,"#
                       + #""digits":true,"max_perturbed_ratio":0.2,"min_edits":0,"protected":[],"stopwords":true},"#
                       + #""max_candidates":20,"max_queries":300,"name":"homophone","saliency":"delete","search":"greedy","target":null,"#
                       + #""transformations":["homophone"]}"#)
        XCTAssertEqual(AttackSpec(name: "b", transformations: ["visual"], search: .beam(width: 4)).canonicalJSON,
                       #"{"beam_width":4,"constraints":{"allow_rare":false,"allow_unk":false,"common_rank":3500,"#
                       + #""digits":true,"max_perturbed_ratio":0.2,"min_edits":0,"protected":[],"stopwords":true},"#
                       + #""max_candidates":20,"max_queries":null,"name":"b","saliency":"delete","search":"beam","target":null,"transformations":["visual"]}"#)
    }

    /// A spec stored before the substitute settings existed ran without them: it reads back allowing
    /// rare and [UNK] substitutes, so it never equals (and never resumes as) a spec with the new defaults.
    func testSpecsStoredBeforeTheSubstituteSettingsReadAsTheyRan() throws {
        let old = #"{"constraints":{"digits":true,"max_perturbed_ratio":0.1,"protected":[],"stopwords":true},"max_candidates":20,"#
            + #""max_queries":300,"name":"visual","saliency":"delete","search":"greedy","target":null,"transformations":["visual"]}"#
        let spec = try AttackSpec(canonicalJSON: old)
        XCTAssertTrue(spec.constraints.allowRare)
        XCTAssertTrue(spec.constraints.allowUnk)
        XCTAssertEqual(spec.constraints.minEdits, 1, "the harness used to allow one edit on any text")
        var now = AttackSpec(name: "visual", transformations: ["visual"], maxQueries: 300)
        now.constraints.maxPerturbedRatio = 0.1
        XCTAssertNotEqual(spec, now)
        XCTAssertNotEqual(spec.canonicalJSON, now.canonicalJSON)
    }

    func testABudgetSweepSharesItsSpecWithoutBudget() {
        let a = AttackSpec(name: "x", transformations: ["visual"], maxQueries: 50)
        var b = a
        b.maxQueries = 500
        XCTAssertNotEqual(a.canonicalJSON, b.canonicalJSON)
        XCTAssertEqual(a.withoutBudget.canonicalJSON, b.withoutBudget.canonicalJSON)
        XCTAssertNil(a.withoutBudget.maxQueries)
    }

    /// Goal options enter the stored text only away from their defaults, so a spec that does not set
    /// them keeps the text and hash it had before they existed; set, they round-trip and change the hash.
    func testGoalOptionsAppearOnlyWhenSet() throws {
        let plain = AttackSpec(name: "x", transformations: ["visual"])
        var explicitDefaults = plain
        explicitDefaults.goal = GoalOptions(minF1Drop: nil, nerLevel: .entity, watch: [])
        XCTAssertEqual(explicitDefaults.canonicalJSON, plain.canonicalJSON)
        XCTAssertFalse(plain.canonicalJSON.contains("min_f1_drop") || plain.canonicalJSON.contains("ner_level")
                       || plain.canonicalJSON.contains("watch"))
        for goal in [GoalOptions(minF1Drop: 0.25), GoalOptions(nerLevel: .token), GoalOptions(watch: ["PER", "LOC"])] {
            var spec = plain
            spec.goal = goal
            XCTAssertNotEqual(spec.canonicalJSON, plain.canonicalJSON)
            XCTAssertEqual(try AttackSpec(canonicalJSON: spec.canonicalJSON), spec)
        }
        var all = plain
        all.goal = GoalOptions(minF1Drop: 0.25, nerLevel: .token, watch: ["PER"])
        XCTAssertTrue(all.canonicalJSON.contains(#""min_f1_drop":0.25,"name":"x","ner_level":"token","#), all.canonicalJSON)
        XCTAssertTrue(all.canonicalJSON.hasSuffix(#""watch":["PER"]}"#), all.canonicalJSON)
        XCTAssertThrowsError(try AttackSpec(canonicalJSON: all.canonicalJSON.replacingOccurrences(of: "\"token\"", with: "\"tokens\""))) {
            XCTAssertTrue("\($0)".contains("ner_level"), "\($0)")
        }
    }

    /// A QA or token-classification spec read from a suite now carries the rule it is judged by, so a
    /// run recorded under the first rule (stored without it) is never resumed under this one.
    func testTheGoalRuleKeepsRunsOfTheOldRuleApart() throws {
        let old = AttackSpec(name: "x", transformations: ["visual"])
        var current = old
        current.goal.rule = GoalOptions.currentRule
        XCTAssertNotEqual(current.canonicalJSON, old.canonicalJSON)
        XCTAssertTrue(current.canonicalJSON.contains(#""goal_rule":2"#), current.canonicalJSON)
        XCTAssertEqual(try AttackSpec(canonicalJSON: current.canonicalJSON), current)
        XCTAssertNil(try AttackSpec(canonicalJSON: old.canonicalJSON).goal.rule)
    }

    /// The first segment is what every attack edited before `perturb` existed, so a spec that keeps
    /// it keeps its stored text and run identity; another segment is a different attack.
    func testPerturbAppearsOnlyAwayFromTheFirstSegment() throws {
        let plain = AttackSpec(name: "x", transformations: ["visual"])
        let first = AttackSpec(name: "x", transformations: ["visual"], perturb: .first)
        XCTAssertEqual(first.canonicalJSON, plain.canonicalJSON)
        XCTAssertFalse(plain.canonicalJSON.contains(#""perturb""#), plain.canonicalJSON)
        XCTAssertEqual(try AttackSpec(canonicalJSON: plain.canonicalJSON).perturb, .first)
        let second = AttackSpec(name: "x", transformations: ["visual"], perturb: .second)
        XCTAssertTrue(second.canonicalJSON.contains(#""name":"x","perturb":"second","saliency""#), second.canonicalJSON)
        XCTAssertNotEqual(ContentHash.hex(second.canonicalJSON), ContentHash.hex(plain.canonicalJSON))
        XCTAssertEqual(try AttackSpec(canonicalJSON: second.canonicalJSON), second)
        XCTAssertThrowsError(try AttackSpec(canonicalJSON: second.canonicalJSON.replacingOccurrences(of: "\"second\"", with: "\"third\"")))
    }

    func testUnreadableTextsSayWhatIsWrong() {
        let valid = AttackSpec(name: "x", transformations: ["visual"]).canonicalJSON
        let cases: [(String, String)] = [
            ("not json", "not valid JSON"),
            (valid.replacingOccurrences(of: #""name":"x","#, with: ""), "name is missing"),
            (valid.replacingOccurrences(of: #""search":"greedy""#, with: #""search":"sideways""#), "unknown search"),
            (valid.replacingOccurrences(of: #""search":"greedy""#, with: #""search":"beam""#), "beam_width is missing"),
            (valid.replacingOccurrences(of: #""max_candidates":20"#, with: #""max_candidates":"many""#), "max_candidates has the wrong type"),
            (valid.replacingOccurrences(of: #""digits":true,"#, with: ""), "constraints.digits is missing"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try AttackSpec(canonicalJSON: text), text) { e in
                XCTAssertTrue("\(e)".contains(message), "\(e) should contain \(message)")
            }
        }
    }

    func testRunKeysRoundTripAndHashTheirSpec() throws {
        let key = RunKey(suite: "s", attack: awkwardSpec(.greedy), checkpointName: "c", checkpointPath: "/c", checkpointHash: "h",
                         precision: .bf16x3, datasetHash: "d", head: .questionAnswering, seed: UInt64.max)
        let data = try CanonicalJSON.encoder.encode(key)
        XCTAssertEqual(try JSONDecoder().decode(RunKey.self, from: data), key)
        XCTAssertEqual(key.attackHash, ContentHash.hex(key.attack.canonicalJSON))
        XCTAssertEqual(ContentHash.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
