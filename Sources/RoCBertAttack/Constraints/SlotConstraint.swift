/// A rule on which characters of the clean text an attack may edit, checked before any
/// transformation runs (TextAttack's pre-transformation constraints).
public protocol SlotConstraint: Sendable {
    /// The suite's name for the rule, for messages and reports.
    var name: String { get }
    /// The slots (Unicode-scalar offsets) of `scalars` this rule forbids editing.
    func forbidden(in scalars: [Unicode.Scalar]) -> Set<Int>
}

extension Array where Element == any SlotConstraint {
    /// The slots no rule forbids, in text order.
    public func editableSlots(of text: String) -> [Int] {
        let scalars = [Unicode.Scalar](text.unicodeScalars)
        var blocked = Set<Int>()
        for rule in self { blocked.formUnion(rule.forbidden(in: scalars)) }
        return scalars.indices.filter { !blocked.contains($0) }
    }
}
