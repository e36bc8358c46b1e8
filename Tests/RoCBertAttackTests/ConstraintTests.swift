import Foundation
import RoCBertAttack
import XCTest

/// Each constraint object on its own: what it forbids, where its boundary lies.
final class ConstraintTests: XCTestCase {
    private func forbidden(_ rule: any SlotConstraint, _ text: String) -> [Int] {
        rule.forbidden(in: Array(text.unicodeScalars)).sorted()
    }

    func testSlotRules() {
        XCTAssertEqual(forbidden(SeparatorSlots(), "好，很 好！¥"), [1, 3, 5, 6])
        XCTAssertEqual(forbidden(DigitAndLatinSlots(), "买了3个apple和５"), [2, 4, 5, 6, 7, 8, 10])
        XCTAssertEqual(forbidden(StopwordSlots(["的", "了"]), "我的书了"), [1, 3])
        // Every occurrence, none overlapping the previous one.
        XCTAssertEqual(forbidden(ProtectedStrings(["北京", ""]), "北京和北京北"), [0, 1, 3, 4])
        XCTAssertEqual(forbidden(ProtectedStrings(["aa"]), "aaa"), [0, 1])
        XCTAssertEqual(forbidden(ProtectedRanges([1..<3, 5..<6]), "一二三四五六"), [1, 2, 5])
        let rules: [any SlotConstraint] = [SeparatorSlots(), StopwordSlots(["的"]), ProtectedStrings(["北京"])]
        XCTAssertEqual(rules.editableSlots(of: "北京的天气，好"), [3, 4, 6])
        XCTAssertEqual(([] as [any SlotConstraint]).editableSlots(of: "好，"), [0, 1])
    }

    func testEditBudgetIsTheFloorOfRatioTimesLengthAtLeastMinEdits() {
        XCTAssertEqual(EditBudget(ratio: 0.1, minEdits: 0).characters(length: 9), 0)
        XCTAssertEqual(EditBudget(ratio: 0.1, minEdits: 0).characters(length: 10), 1)
        XCTAssertEqual(EditBudget(ratio: 0.1, minEdits: 2).characters(length: 10), 2)
        XCTAssertEqual(EditBudget(ratio: 1.0, minEdits: 0).characters(length: 0), 0)
        XCTAssertEqual(EditBudget(ratio: 0.25, minEdits: 1).characters(length: 40), 10)
    }

    func testSubstituteRules() throws {
        let standard = try Fixtures.toy().standardCharacters()  // 是 未 末 事 己 已, ranks 1-6
        func edit(_ replacement: String, _ transformation: String, unk: Bool = false) -> SlotEdit {
            SlotEdit(range: 0..<1, original: "是", replacement: replacement, transformation: transformation, justification: "", outOfVocabulary: unk)
        }
        let common = CommonSubstitutes(standard: standard, commonRank: 4)
        XCTAssertTrue(common.allows(edit("事", "homophone")), "rank 4: at the boundary")
        XCTAssertFalse(common.allows(edit("己", "visual")), "rank 5")
        XCTAssertFalse(common.allows(edit("己", "visual-slip")), "a slip is a character substitution too")
        XCTAssertFalse(common.allows(edit("市", "homophone")), "not in the list")
        for kind in ["traditional", "split", "pinyin", "synonym"] {
            XCTAssertTrue(common.allows(edit("市", kind)), "\(kind) is not a character substitution")
        }
        XCTAssertTrue(KnownToVocabulary().allows(edit("事", "homophone")))
        XCTAssertFalse(KnownToVocabulary().allows(edit("事", "split", unk: true)), "[UNK] applies to every kind")
    }
}
