import Foundation

/// jieba's dict.txt (`word freq pos` per line, MIT): word frequencies for segmentation and for
/// ranking candidate words. Fetched at set-up into data/jieba/ (scripts/fetch_data.py).
public struct WordDictionary: Sendable {
    public static let relativePath = "jieba/dict.txt"

    /// Word → frequency.
    public let frequency: [String: Int]
    /// Sum of all frequencies, the denominator of a word's probability.
    public let total: Int
    /// Longest word, in Unicode scalars: how far the segmenter looks ahead.
    public let longestWord: Int

    /// Reads the dictionary under the data directory.
    public init(dataDirectory: URL) throws {
        try self.init(url: dataDirectory.appendingPathComponent(Self.relativePath))
    }

    public init(url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TableError(path: url.path, "cannot read the word dictionary (fetch it with scripts/fetch_data.py)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw TableError(path: url.path, "not UTF-8") }
        var frequency: [String: Int] = [:]
        var total = 0, longest = 1, number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let fields = raw.split(separator: " ")
            if fields.isEmpty { continue }
            guard fields.count >= 2, let f = Int(fields[1]), f >= 0 else {
                throw TableError(path: url.path, line: number, "expected \"word frequency [tag]\"")
            }
            let word = String(fields[0])
            frequency[word] = f
            total += f
            longest = max(longest, word.unicodeScalars.count)
        }
        self.frequency = frequency
        self.total = max(total, 1)
        longestWord = longest
    }

    /// A dictionary from explicit counts (tests, small vocabularies).
    public init(frequency: [String: Int]) {
        self.frequency = frequency
        total = max(frequency.values.reduce(0, +), 1)
        longestWord = frequency.keys.map(\.unicodeScalars.count).max() ?? 1
    }
}
