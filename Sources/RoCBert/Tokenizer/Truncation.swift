/// How an input longer than the maximum length is cut, as the reference's `TruncationStrategy`.
public enum Truncation: String, Sendable, CaseIterable {
    case none = "do_not_truncate"
    /// Remove tokens one at a time from the longer of the two texts.
    case longestFirst = "longest_first"
    case onlyFirst = "only_first"
    case onlySecond = "only_second"

    /// How many tokens of each text to keep when `toRemove` must go (tokens are cut from the right).
    ///
    /// Where the reference cannot remove enough from the chosen text it logs an error and keeps
    /// everything; so does this.
    func keptLengths(first: Int, second: Int?, toRemove n: Int) -> (Int, Int?) {
        guard n > 0 else { return (first, second) }
        switch self {
        case .none:
            return (first, second)
        case .onlyFirst:
            return (first > n ? first - n : first, second)
        case .longestFirst:
            guard let second else { return (first > n ? first - n : first, nil) }
            let firstRemove = min(abs(second - first), n)
            let secondRemove = n - firstRemove
            let fromFirst: Int, fromSecond: Int
            if first > second {
                fromFirst = firstRemove + secondRemove / 2
                fromSecond = secondRemove - secondRemove / 2
            } else {
                fromFirst = secondRemove / 2
                fromSecond = firstRemove + secondRemove - secondRemove / 2
            }
            return (max(first - fromFirst, 0), max(second - fromSecond, 0))
        case .onlySecond:
            guard let second else { return (first, nil) }
            return (first, second > n ? second - n : second)
        }
    }
}
