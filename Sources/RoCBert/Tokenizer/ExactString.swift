/// A string key compared by its code points, as Python compares `str`.
///
/// Swift's `String` equality and hashing follow canonical equivalence, so "é" and "e\u{301}"
/// would collide in a dictionary; the reference vocabulary treats them as different tokens.
struct ExactString: Hashable, Sendable {
    let value: String

    init(_ value: String) { self.value = value }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        lhs.value.utf8.elementsEqual(rhs.value.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var copy = value
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
