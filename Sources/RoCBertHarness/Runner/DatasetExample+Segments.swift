import RoCBertCore

/// The two segments of one example as an attack sees them.
public struct ExampleSegments: Sendable, Equatable {
    /// The segment the attack rewrites.
    public var edited: String
    /// The segment it holds fixed (nil for single-text examples).
    public var fixed: String?
}

extension DatasetExample {
    /// The segment an attack with `perturb` edits, and the one it holds fixed, as the store records
    /// them: the clean text is always the edited segment, so edit positions and the perturbed share
    /// are over it. The first segment pairs with the pair (or the QA question); the second segment is
    /// the pair of a sequence-classification example and the gold choice of a multiple-choice one.
    public func segments(_ perturb: PerturbedSegment, task: AttackTask) throws -> ExampleSegments {
        switch perturb {
        case .first:
            return firstSegments
        case .second:
            if task == .multipleChoice, let label, choices.indices.contains(label) {
                return ExampleSegments(edited: choices[label], fixed: text)
            }
            if task == .sequenceClassification, let pair { return ExampleSegments(edited: pair, fixed: text) }
            throw HarnessError("example \(id): perturb second needs a pair, or a gold choice among the choices")
        case .both:
            throw HarnessError("perturb both is not supported yet")
        }
    }

    /// The text edited and its pair (or QA question) held: every task's default.
    var firstSegments: ExampleSegments { ExampleSegments(edited: text, fixed: pair ?? question) }
}
