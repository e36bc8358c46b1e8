import Foundation
import RoCBertCore
import XCTest
import RoCBertAttack
@testable import RoCBertHarness

final class SearchTests: XCTestCase {
    func attack(_ search: AttackSpec.Search, budget: Int? = nil, ratio: Double = 0.5) -> AttackSpec {
        var c = AttackSpec.Constraints()
        c.maxPerturbedRatio = ratio
        return AttackSpec(name: "toy", transformations: ["homophone"], search: search, saliency: .delete, target: nil,
                          constraints: c, maxQueries: budget, maxCandidates: 20)
    }

    func run(_ spec: AttackSpec, _ text: String, label: Int = 1) -> ExampleOutcome {
        let e = DatasetExample(index: 0, id: "0", text: text, label: label)
        // A stand-in guide for mlm-guided search: prefers the shortest replacement.
        let ranker: @Sendable (PerturbedText, Int, [SlotEdit]) -> [SlotEdit] = { _, _, c in c.sorted { $0.replacement.count < $1.replacement.count } }
        return ExampleAttack(task: .sequenceClassification, attack: spec, victim: ToySentimentVictim(), candidates: toyCandidates,
                             stopwords: [], seed: 7, ranker: ranker).run(e)
    }

    func testGreedyFlipsThePrediction() {
        let o = run(attack(.greedy), "这个真好很棒")
        XCTAssertEqual(o.status, .successful)
        XCTAssertEqual(o.attackedOutput?.argmax, 0)
        XCTAssertEqual(o.attacked?.perturbedCharacters, 2)
        XCTAssertTrue(o.attacked!.edits.allSatisfy { $0.transformation == "toy" })
        // Every recorded attacked text gives the recorded prediction when asked again.
        XCTAssertEqual(try ToySentimentVictim().predict([VictimInput(text: o.attacked!.text)]).first, o.attackedOutput)
    }

    func testEverySearchMethodSucceedsOrFailsHonestly() {
        for s: AttackSpec.Search in [.greedy, .beam(width: 2), .random, .maskedLMGuided(topK: 1, guide: nil)] {
            let o = run(attack(s, ratio: 1), "好棒")
            XCTAssertEqual(o.status, .successful, "\(s)")
            // Ratio 0.2 of two characters allows no edit of both: the attack must fail, not cheat.
            let blocked = run(attack(s, ratio: 0.2), "好棒赞好")
            XCTAssertEqual(blocked.status, .failed, "\(s)")
            XCTAssertLessThanOrEqual(blocked.attacked?.perturbedCharacters ?? 0, 1, "\(s)")
        }
    }

    func testWrongCleanPredictionIsSkipped() {
        let o = run(attack(.greedy), "这个一般", label: 1)
        XCTAssertEqual(o.status, .skipped)
        XCTAssertEqual(o.modelQueries, 1)
    }

    func testBudgetCapsModelQueries() {
        let o = run(attack(.greedy, budget: 3), "好棒赞好棒赞")
        XCTAssertLessThanOrEqual(o.modelQueries, 4)  // the clean query plus three
        XCTAssertEqual(o.status, .failed)
    }

    func testCacheCountsQueriesWithAndWithoutHits() throws {
        let q = QueryCounter(victim: ToySentimentVictim(), budget: nil)
        _ = try q.predict([VictimInput(text: "好"), VictimInput(text: "好"), VictimInput(text: "棒")])
        _ = try q.predict([VictimInput(text: "好")])
        XCTAssertEqual(q.queries, 4)
        XCTAssertEqual(q.modelQueries, 2)
    }

    func testSameSeedSameAttack() {
        let a = run(attack(.random), "好棒赞好棒赞好")
        let b = run(attack(.random), "好棒赞好棒赞好")
        XCTAssertEqual(a.attacked?.text, b.attacked?.text)
        XCTAssertEqual(a.modelQueries, b.modelQueries)
    }

    func testEditableSlotsRespectConstraints() {
        var c = AttackSpec.Constraints()
        c.protectedStrings = ["北京"]
        let slots = EditableSlots.compute("我在北京买了3个apple，的确好", constraints: c, protected: [], stopwords: ["的", "了"])
        let text = Array("我在北京买了3个apple，的确好".unicodeScalars)
        let chars = slots.map { String(text[$0]) }
        XCTAssertEqual(chars, ["我", "在", "买", "个", "确", "好"])
    }
}
