import RoCBertCore

extension SuitePlan {
    /// Every example must have the segments each attack's `perturb:` edits (a pair, a gold choice among
    /// the choices; for `both`, no text already holding the joint), so a data problem stops the suite
    /// before it starts, naming the line, instead of failing example by example.
    static func checkSegments(_ suite: AttackSuite, _ examples: [DatasetExample]) throws {
        for attack in suite.attacks where attack.perturb != .first {
            for e in examples {
                do { _ = try e.segments(attack.perturb, task: suite.task) } catch let error as HarnessError {
                    throw RoCBertError("\(suite.dataset.path.path):\(e.line)", "attack \(attack.name): \(error.description)")
                }
            }
        }
    }
}
