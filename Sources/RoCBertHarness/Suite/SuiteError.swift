/// A malformed suite: the file, the field (e.g. `attacks[1].search`) and what is wrong, on one line.
public struct SuiteError: Error, CustomStringConvertible {
    public let file: String
    public let field: String
    public let problem: String
    public var description: String { field.isEmpty ? "\(file): \(problem)" : "\(file): \(field): \(problem)" }
}
