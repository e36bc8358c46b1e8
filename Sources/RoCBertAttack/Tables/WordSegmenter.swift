import Foundation

/// Maximum-probability word segmentation over a word dictionary, as jieba's `cut(HMM=False)` does
/// for runs of Chinese characters: every dictionary word starting at each position is an edge, and
/// the path with the highest product of word probabilities wins. Anything not a CJK ideograph is a
/// word of its own. Word-level attacks (synonym swaps) edit whole words of this segmentation.
public struct WordSegmenter: Sendable {
    public let dictionary: WordDictionary

    public init(dictionary: WordDictionary) {
        self.dictionary = dictionary
    }

    /// The words of `text` as scalar ranges, covering it in order.
    public func segment(_ text: String) -> [Range<Int>] {
        let scalars = Array(text.unicodeScalars)
        var out: [Range<Int>] = []
        var i = 0
        while i < scalars.count {
            guard scalars[i].properties.isIdeographic else {
                out.append(i..<(i + 1))
                i += 1
                continue
            }
            var j = i
            while j < scalars.count, scalars[j].properties.isIdeographic { j += 1 }
            out.append(contentsOf: segmentRun(scalars, i..<j))
            i = j
        }
        return out
    }

    /// The words of `text` as strings.
    public func words(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return segment(text).map { r in String(String.UnicodeScalarView(scalars[r])) }
    }

    private func segmentRun(_ s: [Unicode.Scalar], _ run: Range<Int>) -> [Range<Int>] {
        let logTotal = log(Double(dictionary.total))
        // best[i]: log-probability of the best segmentation of s[i..<run.end]; next[i]: where its first word ends.
        var best = [Double](repeating: 0, count: run.count + 1)
        var next = [Int](repeating: 0, count: run.count + 1)
        for i in stride(from: run.upperBound - 1, through: run.lowerBound, by: -1) {
            let k = i - run.lowerBound
            var bestScore = -Double.infinity, bestEnd = i + 1
            var word = ""
            for end in (i + 1)...min(run.upperBound, i + dictionary.longestWord) {
                word.unicodeScalars.append(s[end - 1])
                let f = dictionary.frequency[word]
                // A character outside the dictionary still has to be a word: jieba counts it once.
                guard f != nil || end == i + 1 else { continue }
                let score = log(Double(max(f ?? 1, 1))) - logTotal + best[end - run.lowerBound]
                // Ties go to the longer word, as jieba's max over (score, end) does.
                if score > bestScore || (score == bestScore && end > bestEnd) {
                    bestScore = score
                    bestEnd = end
                }
            }
            best[k] = bestScore
            next[k] = bestEnd
        }
        var out: [Range<Int>] = []
        var i = run.lowerBound
        while i < run.upperBound {
            let end = next[i - run.lowerBound]
            out.append(i..<end)
            i = end
        }
        return out
    }
}
