import Foundation

/// A tokenizer failure, told in one line that names the file (or input) and the problem.
public enum TokenizerError: Error, LocalizedError, CustomStringConvertible, Equatable, Sendable {
    /// A file the tokenizer needs is not there.
    case missingFile(path: String)
    /// A file exists but could not be read or decoded as UTF-8.
    case unreadableFile(path: String, reason: String)
    /// A JSON file does not have the expected shape.
    case malformedJSON(path: String, reason: String)
    /// vocab.txt lists the same token twice.
    case duplicateToken(path: String, token: String, line: Int)
    /// A token the tokenizer relies on (a special token, "[UNK]" in a shape or pronunciation table) is absent.
    case missingToken(token: String, source: String)
    /// tokenizer_config.json names a tokenizer class this library does not implement.
    case unsupportedTokenizer(path: String, name: String)
    /// An argument is out of range or inconsistent.
    case invalidArgument(String)

    /// One line: the file (or argument) and what is wrong with it.
    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path): file not found"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read file (\(reason))"
        case .malformedJSON(let path, let reason):
            return "\(path): malformed JSON: \(reason)"
        case .duplicateToken(let path, let token, let line):
            return "\(path): line \(line): duplicate token \(token.debugDescription)"
        case .missingToken(let token, let source):
            return "\(source): token \(token.debugDescription) is missing"
        case .unsupportedTokenizer(let path, let name):
            return "\(path): tokenizer_class \(name.debugDescription) is not supported (supported: RoCBertTokenizer, BertTokenizer, BertTokenizerFast)"
        case .invalidArgument(let message):
            return message
        }
    }

    /// Same as `description`.
    public var errorDescription: String? { description }
}
