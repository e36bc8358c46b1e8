/// How close one prediction is to what the attack wants.
public struct GoalResult: Sendable, Equatable {
    /// Higher is closer; comparable between candidates of one example.
    public var score: Double
    /// The attack has succeeded with this prediction.
    public var reached: Bool
    public init(score: Double, reached: Bool) {
        self.score = score
        self.reached = reached
    }
}

/// What counts as a successful attack on one example, judged from the model's output.
/// As in TextAttack, an example whose clean prediction already reaches the goal is skipped.
public protocol GoalFunction: Sendable {
    /// Judges `output`, the model's answer on `text`; the text's edits say which characters the
    /// attack changed and where the clean text's characters sit in what the model read.
    func evaluate(_ output: VictimOutput, on text: PerturbedText) -> GoalResult
}

/// A goal judged from the model's answer alone (a class, a fill): where the characters sit does not matter.
public protocol OutputGoal: GoalFunction {
    func evaluate(_ output: VictimOutput) -> GoalResult
}

extension OutputGoal {
    public func evaluate(_ output: VictimOutput, on text: PerturbedText) -> GoalResult { evaluate(output) }
}
