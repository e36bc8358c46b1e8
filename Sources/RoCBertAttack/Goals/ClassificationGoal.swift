/// Sequence classification and multiple choice: untargeted (leave the gold class) or targeted (reach a class).
public struct ClassificationGoal: OutputGoal {
    public let gold: Int
    /// Targeted attacks name the class to reach.
    public let target: Int?

    public init(gold: Int, target: Int? = nil) {
        self.gold = gold
        self.target = target
    }

    public func evaluate(_ output: VictimOutput) -> GoalResult {
        let p = output.probabilities
        if let target {
            return GoalResult(score: target < p.count ? p[target] : 0, reached: output.argmax == target)
        }
        return GoalResult(score: 1 - (gold < p.count ? p[gold] : 0), reached: output.argmax != gold)
    }
}
