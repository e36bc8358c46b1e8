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
