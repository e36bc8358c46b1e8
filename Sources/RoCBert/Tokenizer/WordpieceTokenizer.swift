import Foundation

/// Greedy longest-match-first WordPiece over a vocabulary, as the reference's `WordpieceTokenizer`.
public struct WordpieceTokenizer: Sendable {
    /// Token emitted for a word that cannot be covered by vocabulary pieces.
    public let unkToken: String
    /// Longer words become a single unknown token.
    public let maxInputCharsPerWord: Int

    let vocab: [ExactString: Int]
    /// No vocabulary entry is longer, so longer candidates need not be looked up.
    let longestEntry: Int
    /// Entries of one scalar by that scalar: on Chinese text most words are one ideograph, and
    /// this lookup skips building and hashing a String for each.
    let singleScalarEntries: [UInt32: String]

    init(vocab: [ExactString: Int], unkToken: String, maxInputCharsPerWord: Int = 100) {
        self.vocab = vocab
        self.unkToken = unkToken
        self.maxInputCharsPerWord = maxInputCharsPerWord
        self.longestEntry = vocab.keys.map { $0.value.unicodeScalars.count }.max() ?? 0
        var single: [UInt32: String] = [:]
        for key in vocab.keys where key.value.unicodeScalars.count == 1 {
            single[key.value.unicodeScalars.first!.value] = key.value
        }
        self.singleScalarEntries = single
    }

    /// Splits whitespace-separated `text` into vocabulary pieces.
    public func tokenize(_ text: String) -> [String] {
        var out: [String] = []
        for word in TrackedText(scalars: text.unicodeScalars).splitOnPythonWhitespace() {
            out.append(contentsOf: pieces(of: word.scalars).map(\.token))
        }
        return out
    }

    /// The pieces of one word with the scalar range of the word each covers.
    func pieces(of chars: [Unicode.Scalar]) -> [(token: String, range: Range<Int>)] {
        var result: [(token: String, range: Range<Int>)] = []
        appendPieces(of: chars[...], into: &result)
        return result
    }

    /// Appends the pieces of the word `chars` to `result`, each with the indices of `chars` it covers.
    func appendPieces(of chars: ArraySlice<Unicode.Scalar>, into result: inout [(token: String, range: Range<Int>)]) {
        let first = result.count
        guard chars.count <= maxInputCharsPerWord else {
            result.append((unkToken, chars.indices))
            return
        }
        if chars.count == 1 {
            result.append((singleScalarEntries[chars.first!.value] ?? unkToken, chars.indices))
            return
        }
        var start = chars.startIndex
        while start < chars.endIndex {
            // "##" adds two scalars to continuation pieces.
            let limit = start > chars.startIndex ? longestEntry - 2 : longestEntry
            var end = min(chars.endIndex, start + max(limit, 0))
            var found: String? = nil
            while start < end {
                var candidate = start > chars.startIndex ? "##" : ""
                candidate.unicodeScalars.append(contentsOf: chars[start..<end])
                if vocab[ExactString(candidate)] != nil {
                    found = candidate
                    break
                }
                end -= 1
            }
            guard let piece = found else {
                result.removeSubrange(first...)
                result.append((unkToken, chars.indices))
                return
            }
            result.append((piece, start..<end))
            start = end
        }
    }
}
