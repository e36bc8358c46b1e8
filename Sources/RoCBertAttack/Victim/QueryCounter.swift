import Foundation

/// Wraps a victim with a per-text cache and counts queries with and without cache hits, so the
/// search pays for each distinct text once and the records can say what the attack really cost.
public final class QueryCounter: @unchecked Sendable {
    public let victim: any VictimModel
    private var cache: [VictimInput: VictimOutput] = [:]
    /// Predictions asked for, cache hits included.
    public private(set) var queries = 0
    /// Predictions the model actually computed (cache misses).
    public private(set) var modelQueries = 0
    /// Ceiling on `modelQueries` (nil: no budget).
    public let budget: Int?

    public init(victim: any VictimModel, budget: Int?) {
        self.victim = victim
        self.budget = budget
    }

    /// Queries still allowed by the budget.
    public var remaining: Int { budget.map { max($0 - modelQueries, 0) } ?? Int.max }

    /// Whether the budget is spent.
    public var exhausted: Bool { remaining == 0 }

    /// Predictions for `inputs`; uncached ones go to the model in one call. Inputs beyond the
    /// budget are dropped, so the result may be shorter than `inputs` (callers stop there).
    public func predict(_ inputs: [VictimInput]) throws -> [VictimOutput] {
        var out: [VictimOutput] = []
        var missing: [VictimInput] = []
        var seen = Set<VictimInput>()
        var allowed = inputs.count
        // Walk in order and stop where the budget ends.
        var left = remaining
        for (i, input) in inputs.enumerated() where cache[input] == nil && !seen.contains(input) {
            if left == 0 { allowed = i; break }
            seen.insert(input)
            missing.append(input)
            left -= 1
        }
        if !missing.isEmpty {
            let answers = try victim.predict(missing)
            for (input, answer) in zip(missing, answers) { cache[input] = answer }
            modelQueries += missing.count
        }
        for input in inputs.prefix(allowed) {
            guard let v = cache[input] else { break }
            out.append(v)
        }
        queries += out.count
        return out
    }
}
