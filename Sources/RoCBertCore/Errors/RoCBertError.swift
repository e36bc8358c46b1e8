import Foundation

/// Every failure the model library reports: one line naming the file (or input) and the problem.
public struct RoCBertError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// The file or input the problem is in (a path, or a name such as "inputs").
    public let source: String
    /// What is wrong, in one sentence.
    public let problem: String

    public init(_ source: String, _ problem: String) {
        self.source = source
        self.problem = problem
    }

    /// `source: problem`, the form the CLI prints.
    public var description: String { "\(source): \(problem)" }
    public var errorDescription: String? { description }
}
