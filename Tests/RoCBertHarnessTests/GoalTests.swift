import XCTest
import RoCBertAttack

/// What counts as success (and as skipped) for every head's goal.
final class GoalTests: XCTestCase {
    func testClassificationUntargetedAndTargeted() {
        let untargeted = ClassificationGoal(gold: 1)
        XCTAssertFalse(untargeted.evaluate(VictimOutput(probabilities: [0.2, 0.7, 0.1])).reached)
        XCTAssertEqual(untargeted.evaluate(VictimOutput(probabilities: [0.2, 0.7, 0.1])).score, 0.3, accuracy: 1e-12)
        XCTAssertTrue(untargeted.evaluate(VictimOutput(probabilities: [0.6, 0.3, 0.1])).reached)
        let targeted = ClassificationGoal(gold: 1, target: 2)
        XCTAssertFalse(targeted.evaluate(VictimOutput(probabilities: [0.6, 0.3, 0.1])).reached)
        XCTAssertTrue(targeted.evaluate(VictimOutput(probabilities: [0.1, 0.3, 0.6])).reached)
        XCTAssertEqual(targeted.evaluate(VictimOutput(probabilities: [0.1, 0.3, 0.6])).score, 0.6)
    }

    func testTokenClassificationWatchesEntityCharacters() {
        // Tags: 0 = O, 1 = B-LOC, 2 = I-LOC; characters 2 and 3 are the entity.
        let goal = TokenClassificationGoal(clean: [0, 0, 1, 2, 0], gold: [0, 0, 1, 2, 0], watched: [2, 3])
        var o = VictimOutput()
        o.characterLabels = [0, 0, 1, 2, 0]
        XCTAssertFalse(goal.evaluate(o).reached)
        o.characterLabels = [1, 1, 1, 2, 0]  // changes outside the entity do not count
        XCTAssertFalse(goal.evaluate(o).reached)
        o.characterLabels = [0, 0, 1, 0, 0]
        XCTAssertTrue(goal.evaluate(o).reached)
        XCTAssertEqual(goal.evaluate(o).score, 0.5)
        // A clean prediction already wrong on the entity is skipped (reached before any edit).
        let wrong = TokenClassificationGoal(clean: [0, 0, 0, 2, 0], gold: [0, 0, 1, 2, 0], watched: [2, 3])
        o.characterLabels = [0, 0, 0, 2, 0]
        XCTAssertTrue(wrong.evaluate(o).reached)
    }

    func testQuestionAnsweringAnswerChangeAndF1() {
        let goal = QuestionAnsweringGoal(gold: "北京大学", cleanAnswer: "北京大学")
        var o = VictimOutput()
        o.answer = (0..<4, "北京大学")
        XCTAssertFalse(goal.evaluate(o).reached)
        o.answer = (0..<2, "北京")
        XCTAssertTrue(goal.evaluate(o).reached)
        XCTAssertEqual(goal.evaluate(o).score, 1 - CharacterF1.score("北京", "北京大学"), accuracy: 1e-12)
        XCTAssertEqual(CharacterF1.score("北京", "北京大学"), 2 * 1 * 0.5 / 1.5, accuracy: 1e-12)
        // No overlap with the gold answer: already wrong, skipped.
        let wrong = QuestionAnsweringGoal(gold: "北京大学", cleanAnswer: "上海")
        o.answer = (0..<2, "上海")
        XCTAssertTrue(wrong.evaluate(o).reached)
    }

    func testMaskedLMTopFillChange() {
        let goal = MaskedLMGoal(cleanFills: ["京"], gold: ["京"])
        var o = VictimOutput()
        o.fills = [("京", 0.9)]
        XCTAssertFalse(goal.evaluate(o).reached)
        o.fills = [("京", 0.4)]
        XCTAssertGreaterThan(goal.evaluate(o).score, goal.evaluate(VictimOutput(probabilities: []).withFills([("京", 0.9)])).score)
        o.fills = [("海", 0.5)]
        XCTAssertTrue(goal.evaluate(o).reached)
        let wrong = MaskedLMGoal(cleanFills: ["海"], gold: ["京"])
        XCTAssertTrue(wrong.evaluate(o).reached)
    }
}

private extension VictimOutput {
    func withFills(_ f: [(token: String, probability: Double)]) -> VictimOutput {
        var copy = self
        copy.fills = f
        return copy
    }
}
