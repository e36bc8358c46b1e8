import Foundation

/// HIT Cilin (同义词词林扩展版): lines like `Aa01A01= 人 士 人物`, a code whose last character says
/// what the group is (`=` synonyms, `#` related, `@` a word alone). Only `=` groups are synonyms.
/// Research-use data, fetched at set-up into data/cilin/ (scripts/fetch_data.py), never committed.
public struct SynonymThesaurus: Sendable {
    public static let relativePath = "cilin/cilin.txt"

    public struct Group: Sendable, Equatable {
        /// The Cilin code (`Ga16A01=`), the justification a report shows.
        public let code: String
        public let words: [String]
    }

    /// Word → the synonym groups it belongs to, in file order.
    public let groups: [String: [Group]]
    public let groupCount: Int

    /// Reads the thesaurus under the data directory.
    public init(dataDirectory: URL) throws {
        let url = dataDirectory.appendingPathComponent(Self.relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TableError(path: url.path, "cannot read the synonym thesaurus (fetch it with scripts/fetch_data.py)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw TableError(path: url.path, "not UTF-8") }
        var groups: [String: [Group]] = [:]
        var count = 0
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            if line.isEmpty { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let code = fields[0]
            guard code.count == 8, let marker = code.last, "=#@".contains(marker), code.first!.isASCII else {
                throw TableError(path: url.path, line: number, "\"\(code)\" is not a Cilin code like Aa01A01= (8 characters ending in =, # or @)")
            }
            guard marker == "=", fields.count > 2 else { continue }
            let group = Group(code: code, words: Array(fields.dropFirst()))
            count += 1
            for w in Set(group.words) { groups[w, default: []].append(group) }
        }
        self.groups = groups
        groupCount = count
    }

    /// Synonyms of `word`, group by group in file order, each once, never the word itself.
    public func synonyms(of word: String) -> [(word: String, group: Group)] {
        var seen: Set<String> = [word]
        var out: [(String, Group)] = []
        for g in groups[word] ?? [] {
            for w in g.words where seen.insert(w).inserted { out.append((w, g)) }
        }
        return out
    }
}
