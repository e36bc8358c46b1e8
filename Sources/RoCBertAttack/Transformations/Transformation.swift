/// One way of rewriting a character (or the word around it) that a reader still understands:
/// a homophone, a look-alike, a split, a synonym… Candidates come best first, each with the
/// table row that justifies it.
public protocol Transformation: Sendable {
    /// The name suites and records use ("homophone", "visual", …).
    var name: String { get }
    /// Edits of the clean text that include `slot`, best first.
    func candidates(_ text: PerturbedText, at slot: Int) -> [SlotEdit]
}

extension Transformation {
    /// A one-character edit of `slot` by this transformation.
    public func edit(_ text: PerturbedText, _ slot: Int, _ replacement: String, _ justification: String) -> SlotEdit {
        SlotEdit(range: slot..<(slot + 1), original: String(text.original[slot]), replacement: replacement,
                 transformation: name, justification: "\(name): \(justification)")
    }
}
