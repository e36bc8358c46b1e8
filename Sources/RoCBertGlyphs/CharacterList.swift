import Foundation

/// The characters a shape table covers, read from a `char<TAB>index` TSV such as
/// attacks/tables/standard-chars.tsv (lines starting with `#` are comments).
public struct CharacterList: Equatable, Sendable {
    /// The characters in file order, one Unicode scalar each.
    public let characters: [Unicode.Scalar]

    /// A list of the given characters.
    public init(_ characters: [Unicode.Scalar]) {
        self.characters = characters
    }

    /// Reads and checks `path`; a problem is an error naming the file and line.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GlyphError.charsFileNotFound(path: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GlyphError.malformedCharsFile(path: path, line: 1, reason: "not valid UTF-8")
        }
        try self.init(parsing: text, path: path)
    }

    /// Parses TSV text; `path` only names the source in errors.
    public init(parsing text: String, path: String) throws {
        var characters: [Unicode.Scalar] = []
        var seen: [Unicode.Scalar: Int] = [:]
        var sawHeader = false
        // Split on "\n" only: a stray "\r" is reported rather than silently accepted.
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            if raw.isEmpty || raw.hasPrefix("#") { continue }
            let fields = raw.split(separator: "\t", omittingEmptySubsequences: false)
            if !sawHeader {
                guard fields.count >= 1, fields[0] == "char" else {
                    throw GlyphError.malformedCharsFile(path: path, line: line,
                                                        reason: "expected the column header \"char\\tindex\", got \"\(raw)\"")
                }
                sawHeader = true
                continue
            }
            guard fields.count == 2 else {
                throw GlyphError.malformedCharsFile(path: path, line: line,
                                                    reason: "expected 2 tab-separated fields (char, index), got \(fields.count)")
            }
            let scalars = fields[0].unicodeScalars
            guard scalars.count == 1, let scalar = scalars.first, !scalar.properties.isWhitespace else {
                throw GlyphError.malformedCharsFile(path: path, line: line,
                                                    reason: "expected one character, got \"\(fields[0])\"")
            }
            guard Int(fields[1]) != nil else {
                throw GlyphError.malformedCharsFile(path: path, line: line,
                                                    reason: "index \"\(fields[1])\" is not an integer")
            }
            if let first = seen[scalar] {
                throw GlyphError.malformedCharsFile(path: path, line: line,
                                                    reason: "\(scalar) already listed on line \(first)")
            }
            seen[scalar] = line
            characters.append(scalar)
        }
        guard !characters.isEmpty else {
            throw GlyphError.malformedCharsFile(path: path, line: 1, reason: "no characters")
        }
        self.characters = characters
    }
}
