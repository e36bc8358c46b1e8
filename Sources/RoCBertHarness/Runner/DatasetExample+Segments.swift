import RoCBertCore

/// The two segments of one example as an attack sees them.
public struct ExampleSegments: Sendable, Equatable {
    /// The segment the attack rewrites.
    public var edited: String
    /// The segment it holds fixed (nil for single-text examples and when both are edited).
    public var fixed: String?

    /// What joins the two segments of a `perturb: both` attack into one attacked text: readable in a
    /// report, never edited, never counted in the text's length, and never sent to the model.
    public static let joint = " ‖ "

    /// The first and second segment as one attacked text.
    static func joined(_ first: String, _ second: String) -> ExampleSegments {
        ExampleSegments(edited: first + joint + second, fixed: nil)
    }

    /// Where the joint sits in a `perturb: both` text (Unicode scalars), nil when it holds none.
    static func jointRange(in text: String) -> Range<Int>? {
        guard let r = text.range(of: joint) else { return nil }
        let start = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: r.lowerBound)
        return start..<(start + joint.unicodeScalars.count)
    }

    /// A `perturb: both` text split back into its two segments at the joint.
    static func split(_ text: String) -> (first: String, second: String) {
        guard let r = text.range(of: joint) else { return (text, "") }
        return (String(text[..<r.lowerBound]), String(text[r.upperBound...]))
    }
}

extension DatasetExample {
    /// The segment an attack with `perturb` edits, and the one it holds fixed, as the store records
    /// them: the clean text is always the edited segment, so edit positions and the perturbed share
    /// are over it. The first segment pairs with the pair (or the QA question); the second segment is
    /// the pair of a sequence-classification example and the gold choice of a multiple-choice one;
    /// `both` edits the two joined (`ExampleSegments.joint`) and holds nothing fixed.
    public func segments(_ perturb: PerturbedSegment, task: AttackTask) throws -> ExampleSegments {
        switch perturb {
        case .first:
            return firstSegments
        case .second:
            guard let second = secondSegment(task: task) else {
                throw HarnessError("example \(id): perturb second needs a pair, or a gold choice among the choices")
            }
            return ExampleSegments(edited: second, fixed: text)
        case .both:
            guard let second = secondSegment(task: task) else {
                throw HarnessError("example \(id): perturb both needs a pair, or a gold choice among the choices")
            }
            if let holder = [text, second].first(where: { $0.contains(ExampleSegments.joint) }) {
                throw HarnessError("example \(id): perturb both joins the segments with \"\(ExampleSegments.joint)\", which \"\(holder.prefix(40))\" already holds")
            }
            return .joined(text, second)
        }
    }

    /// The second segment: the pair of a sequence-classification example, the gold choice of a
    /// multiple-choice one.
    private func secondSegment(task: AttackTask) -> String? {
        if task == .multipleChoice, let label, choices.indices.contains(label) { return choices[label] }
        if task == .sequenceClassification { return pair }
        return nil
    }

    /// The text edited and its pair (or QA question) held: every task's default.
    var firstSegments: ExampleSegments { ExampleSegments(edited: text, fixed: pair ?? question) }
}
