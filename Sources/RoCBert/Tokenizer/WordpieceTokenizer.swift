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

    init(vocab: [ExactString: Int], unkToken: String, maxInputCharsPerWord: Int = 100) {
        self.vocab = vocab
        self.unkToken = unkToken
        self.maxInputCharsPerWord = maxInputCharsPerWord
        self.longestEntry = vocab.keys.map { $0.value.unicodeScalars.count }.max() ?? 0
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
        let whole = [(token: unkToken, range: 0..<chars.count)]
        if chars.count > maxInputCharsPerWord { return whole }
        var result: [(token: String, range: Range<Int>)] = []
        var start = 0
        while start < chars.count {
            // "##" adds two scalars to continuation pieces.
            let limit = start > 0 ? longestEntry - 2 : longestEntry
            var end = min(chars.count, start + max(limit, 0))
            var found: String? = nil
            while start < end {
                var candidate = start > 0 ? "##" : ""
                candidate.unicodeScalars.append(contentsOf: chars[start..<end])
                if vocab[ExactString(candidate)] != nil {
                    found = candidate
                    break
                }
                end -= 1
            }
            guard let piece = found else { return whole }
            result.append((piece, start..<end))
            start = end
        }
        return result
    }
}
