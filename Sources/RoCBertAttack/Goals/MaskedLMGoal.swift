/// Masked LM: the attack succeeds when the top-1 fill of any [MASK] changes.
public struct MaskedLMGoal: OutputGoal {
    public let cleanFills: [String]
    /// Expected fills, when the data set gives them (a wrong clean fill is skipped).
    public let gold: [String]?

    public init(cleanFills: [String], gold: [String]?) {
        self.cleanFills = cleanFills
        self.gold = gold
    }

    public func evaluate(_ output: VictimOutput) -> GoalResult {
        let fills = output.fills.map(\.token)
        if let gold, fills == cleanFills, fills != gold { return GoalResult(score: 1, reached: true) }
        let changed = zip(fills, cleanFills).filter { $0 != $1 }.count
        let keep = zip(output.fills, cleanFills).map { $0.token == $1 ? $0.probability : 0 }
        let score = keep.isEmpty ? 0 : 1 - keep.reduce(0, +) / Double(keep.count)
        return GoalResult(score: score + Double(changed), reached: changed > 0)
    }
}
