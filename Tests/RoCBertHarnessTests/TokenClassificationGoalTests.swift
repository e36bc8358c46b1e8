import RoCBertAttack
import RoCBertCore
import XCTest

/// Token classification: judged on the characters the attack did not edit, per entity or per tag.
final class TokenClassificationGoalTests: XCTestCase {
    static let names = ["O", "B-LOC", "I-LOC", "B-PER", "I-PER", "B-ORG", "I-ORG"]
    let (o, bLoc, iLoc, bPer, iPer, bOrg, iOrg) = (0, 1, 2, 3, 4, 5, 6)

    func goal(_ clean: [Int?], gold: [Int?]? = nil, level: GoalOptions.NERLevel = .entity, watch: [String] = []) -> TokenClassificationGoal {
        TokenClassificationGoal(clean: clean, gold: gold ?? clean, labelNames: Self.names, level: level, watch: watch)
    }

    func labels(_ l: [Int?]) -> VictimOutput {
        var out = VictimOutput()
        out.characterLabels = l
        return out
    }

    func edit(_ text: PerturbedText, _ slot: Int, _ replacement: String) -> PerturbedText {
        text.applying(SlotEdit(range: slot..<(slot + 1), original: String(text.original[slot]), replacement: replacement,
                               transformation: "test", justification: "test"))
    }

    /// 我住北京大学: an edited character whose own tag flips (京 → 惊 read as O) is not a success.
    func testAnEditedCharactersOwnTagDoesNotCount() {
        let clean = [o, o, bOrg, iOrg, iOrg, iOrg]
        let edited = edit(PerturbedText("我住北京大学"), 3, "惊")
        for level in GoalOptions.NERLevel.allCases {
            let g = goal(clean, level: level)
            XCTAssertFalse(g.evaluate(labels([o, o, bOrg, o, iOrg, iOrg]), on: edited).reached, "\(level)")
            // An unedited character of the entity losing its tag is a success.
            XCTAssertTrue(g.evaluate(labels([o, o, bOrg, o, o, iOrg]), on: edited).reached, "\(level)")
        }
        // Edits of another length: 京 → jing shifts the rest by three; 大学 still read at their places.
        let pinyin = edit(PerturbedText("我住北京大学"), 3, "jing")
        let g = goal(clean)
        XCTAssertFalse(g.evaluate(labels([o, o, bOrg, o, o, o, o, iOrg, iOrg]), on: pinyin).reached)
        XCTAssertTrue(g.evaluate(labels([o, o, bOrg, o, o, o, o, bLoc, iLoc]), on: pinyin).reached)
    }

    /// Entity level follows seqeval: a changed tag that leaves the entity whole is no success there,
    /// but is at token level; a type change is a lost entity.
    func testEntityAndTokenLevels() {
        let text = PerturbedText("他在北京")
        // IOB1 tags: I-LOC I-LOC and B-LOC I-LOC are the same entity.
        let iob1 = [o, o, iLoc, iLoc]
        XCTAssertFalse(goal(iob1).evaluate(labels([o, o, bLoc, iLoc]), on: text).reached)
        XCTAssertTrue(goal(iob1, level: .token).evaluate(labels([o, o, bLoc, iLoc]), on: text).reached)
        let iob2 = [o, o, bLoc, iLoc]
        XCTAssertTrue(goal(iob2).evaluate(labels([o, o, bOrg, iOrg]), on: text).reached, "type change")
        XCTAssertTrue(goal(iob2).evaluate(labels([o, o, bLoc, bLoc]), on: text).reached, "split in two")
        XCTAssertFalse(goal(iob2).evaluate(labels([bPer, o, bLoc, iLoc]), on: text).reached, "a new entity elsewhere")
        // Retagging brings the search closer before an entity breaks.
        XCTAssertGreaterThan(goal(iob1).evaluate(labels([o, o, bLoc, iLoc]), on: text).score,
                             goal(iob1).evaluate(labels(iob1), on: text).score)
    }

    /// `watch` restricts the targets (and the skip rule) to the named entity types.
    func testWatchRestrictsTheEntityTypes() {
        let text = PerturbedText("张三在北京")
        let clean = [bPer, iPer, o, bLoc, iLoc]
        let locLost = labels([bPer, iPer, o, o, o])
        XCTAssertTrue(goal(clean).evaluate(locLost, on: text).reached)
        XCTAssertFalse(goal(clean, watch: ["PER"]).evaluate(locLost, on: text).reached)
        XCTAssertTrue(goal(clean, watch: ["PER"]).evaluate(labels([o, o, o, bLoc, iLoc]), on: text).reached)
        // A clean prediction wrong on LOC only is skipped unless only PER is watched.
        let gold = [bPer, iPer, o, bOrg, iOrg]
        XCTAssertTrue(goal(clean, gold: gold).evaluate(labels(clean), on: text).reached)
        XCTAssertFalse(goal(clean, gold: gold, watch: ["PER"]).evaluate(labels(clean), on: text).reached)
        XCTAssertTrue(goal(clean, gold: gold, level: .token).evaluate(labels(clean), on: text).reached)
    }

    /// seqeval's chunks for IOB2, IOB1 and BIOES tags.
    func testChunksFollowSeqeval() {
        let bioes = TagScheme(names: ["O", "B-PER", "I-PER", "E-PER", "S-LOC"])
        XCTAssertEqual(bioes.chunks([1, 2, 3, 4, 0, 4]),
                       [EntityChunk(type: "PER", range: 0..<3), EntityChunk(type: "LOC", range: 3..<4), EntityChunk(type: "LOC", range: 5..<6)])
        XCTAssertEqual(bioes.types, ["PER", "LOC"])
        let iob = TagScheme(names: Self.names)
        XCTAssertEqual(iob.chunks([2, 2, 1, 2, nil, 4, 6]),
                       [EntityChunk(type: "LOC", range: 0..<2), EntityChunk(type: "LOC", range: 2..<4),
                        EntityChunk(type: "PER", range: 5..<6), EntityChunk(type: "ORG", range: 6..<7)])
    }
}
