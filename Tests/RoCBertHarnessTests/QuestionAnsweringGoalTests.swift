import RoCBertAttack
import XCTest

/// Extractive QA: the answer is judged as a span of the clean context, not as text.
final class QuestionAnsweringGoalTests: XCTestCase {
    // 他0 说1 这2 里3 最4 好5 的6 菜7 是8 红9 烧10 肉11
    let context = "他说这里最好的菜是红烧肉"
    let goal = QuestionAnsweringGoal(gold: "红烧肉", cleanSpan: 7..<12, cleanAnswer: "菜是红烧肉")

    func answer(_ range: Range<Int>, in text: PerturbedText) -> VictimOutput {
        var o = VictimOutput()
        let scalars = Array(text.text.unicodeScalars)
        o.answer = (range, String(String.UnicodeScalarView(scalars[range])))
        return o
    }

    func edit(_ text: PerturbedText, _ slot: Int, _ replacement: String) -> PerturbedText {
        text.applying(SlotEdit(range: slot..<(slot + 1), original: String(text.original[slot]), replacement: replacement,
                               transformation: "test", justification: "test"))
    }

    /// `菜是红烧肉` 7–12 → `采是红烧肉` 7–12: the text changed, the span did not, so no success.
    func testRewritingTheAnswerInPlaceIsNotAChange() {
        let clean = PerturbedText(context)
        XCTAssertFalse(goal.evaluate(answer(7..<12, in: clean), on: clean).reached)
        let inside = edit(clean, 7, "采")
        XCTAssertFalse(goal.evaluate(answer(7..<12, in: inside), on: inside).reached)
        XCTAssertEqual(goal.evaluate(answer(7..<12, in: inside), on: inside).score, 0)
    }

    /// Positions are mapped back through edits of another length: 好 → 女子 shifts the answer by one.
    func testSpansAreReadInCleanPositions() {
        let longer = edit(PerturbedText(context), 5, "女子")
        XCTAssertEqual(longer.text, "他说这里最女子的菜是红烧肉")
        XCTAssertFalse(goal.evaluate(answer(8..<13, in: longer), on: longer).reached)
        let moved = goal.evaluate(answer(10..<13, in: longer), on: longer)
        XCTAssertTrue(moved.reached)
        XCTAssertEqual(moved.score, 1 - 2 * (3.0 / 3 * 3.0 / 5) / (3.0 / 3 + 3.0 / 5), accuracy: 1e-12)
        // A span starting inside a replacement stands for the whole edited slot: 子的菜是红烧肉 is 好…肉.
        XCTAssertEqual(longer.cleanRange(of: 6..<13), 5..<12)
        XCTAssertNil(longer.cleanRange(of: 12..<14))
        var none = VictimOutput()
        none.answer = nil
        XCTAssertTrue(goal.evaluate(none, on: longer).reached, "no answer at all is a changed answer")
    }

    /// The F1 variant: success when F1 against the gold answer falls by at least min_f1_drop.
    func testF1DropVariant() {
        let f1Goal = QuestionAnsweringGoal(gold: "红烧肉", cleanSpan: 7..<12, cleanAnswer: "菜是红烧肉", minF1Drop: 0.5)
        let clean = PerturbedText(context)
        XCTAssertEqual(f1Goal.cleanF1, 0.75, accuracy: 1e-12)
        XCTAssertFalse(f1Goal.evaluate(answer(7..<12, in: clean), on: clean).reached)
        XCTAssertFalse(f1Goal.evaluate(answer(9..<12, in: clean), on: clean).reached, "the span moved but F1 rose")
        XCTAssertFalse(f1Goal.evaluate(answer(10..<12, in: clean), on: clean).reached, "烧肉: F1 0.8, no drop")
        let wrong = f1Goal.evaluate(answer(0..<2, in: clean), on: clean)
        XCTAssertTrue(wrong.reached)
        XCTAssertEqual(wrong.score, 0.75, accuracy: 1e-12)
        // A drop equal to the threshold counts: F1 0.75 → 0.5 (红) is 0.2499999999999999 in floating point.
        let quarter = QuestionAnsweringGoal(gold: "红烧肉", cleanSpan: 7..<12, cleanAnswer: "菜是红烧肉", minF1Drop: 0.25)
        XCTAssertTrue(quarter.evaluate(answer(9..<10, in: clean), on: clean).reached)
    }

    /// A clean answer with no overlap with the gold one is already wrong: reached, so skipped.
    func testWrongCleanAnswerIsSkipped() {
        let wrong = QuestionAnsweringGoal(gold: "红烧肉", cleanSpan: 0..<2, cleanAnswer: "他说")
        let clean = PerturbedText(context)
        XCTAssertTrue(wrong.evaluate(answer(0..<2, in: clean), on: clean).reached)
    }
}
