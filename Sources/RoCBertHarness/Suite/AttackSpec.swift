import Foundation

/// One attack of a suite: transformations, search, goal, constraints and budget.
public struct AttackSpec: Sendable, Equatable {
    public var name: String
    public var transformations: [String]
    public var search: Search
    public var saliency: Saliency
    /// nil: untargeted; a class index: targeted.
    public var target: Int?
    public var constraints: Constraints
    /// Ceiling on model queries per example (cache misses, as TextAttack counts them).
    public var maxQueries: Int?
    /// Candidates tried per slot at most (the first ones each transformation ranks highest).
    public var maxCandidates: Int

    public enum Search: Sendable, Equatable {
        /// `guide`: the masked-LM checkpoint that ranks candidates (nil: the attacked checkpoint itself).
        case greedy, beam(width: Int), random, maskedLMGuided(topK: Int, guide: URL?)
    }

    public enum Saliency: String, Sendable {
        case delete, unk
    }

    public struct Constraints: Sendable, Equatable {
        public var maxPerturbedRatio: Double = 0.2
        public var skipStopwords = true
        public var skipDigits = true
        /// Strings never edited wherever they occur.
        public var protectedStrings: [String] = []

        /// The defaults a suite gets when it says nothing.
        public init() {}
    }

    /// The transformation names a suite may use.
    public static let transformationNames: Set<String> = [
        "homophone", "near-homophone", "pinyin", "visual", "split", "traditional", "synonym", "masked-lm",
        "checkpoint-homophone", "checkpoint-visual",
    ]

    /// Parses one entry of `attacks:`; a list of `max_queries` values gives one attack per budget.
    static func parse(_ y: YAMLReader, resolve: (String) -> URL) throws -> [AttackSpec] {
        try y.onlyKeys(["name", "transformations", "search", "beam_width", "top_k", "guide", "saliency", "goal", "target", "constraints", "max_queries", "max_candidates"])
        let name = try y.required("name").string()
        let transformations = try y.required("transformations").list().map { t -> String in
            let s = try t.string()
            guard transformationNames.contains(s) else {
                throw t.fail("unknown transformation \"\(s)\" (expected one of: \(transformationNames.sorted().joined(separator: ", ")))")
            }
            return s
        }
        if transformations.isEmpty { throw y.fail("needs at least one transformation", "transformations") }
        let searchName = try y.string("search") ?? "greedy"
        let search: Search
        switch searchName {
        case "greedy": search = .greedy
        case "beam": search = .beam(width: try y.int("beam_width") ?? 4)
        case "random": search = .random
        case "mlm-guided":
            let k = try y.int("top_k") ?? 8
            if k < 1 { throw y.fail("must be at least 1", "top_k") }
            search = .maskedLMGuided(topK: k, guide: try y.string("guide").map(resolve))
        default: throw y.fail("unknown search \"\(searchName)\" (expected one of: beam, greedy, mlm-guided, random)", "search")
        }
        if case .beam(let w) = search, w < 1 { throw y.fail("must be at least 1", "beam_width") }
        let saliency = try y.choice("saliency", ["delete": Saliency.delete, "unk": .unk], default: .delete)
        let goal = try y.string("goal") ?? "untargeted"
        var target: Int?
        switch goal {
        case "untargeted": break
        case "targeted":
            guard let t = try y.int("target") else { throw y.fail("a targeted goal needs target: CLASS_INDEX", "target") }
            target = t
        default: throw y.fail("unknown goal \"\(goal)\" (expected targeted or untargeted)", "goal")
        }
        var constraints = Constraints()
        if let c = y.child("constraints") {
            try c.onlyKeys(["max_perturbed_ratio", "stopwords", "digits", "protected"])
            if let r = try c.double("max_perturbed_ratio") {
                guard r > 0, r <= 1 else { throw c.fail("must lie in (0, 1]", "max_perturbed_ratio") }
                constraints.maxPerturbedRatio = r
            }
            constraints.skipStopwords = try c.bool("stopwords") ?? true
            constraints.skipDigits = try c.bool("digits") ?? true
            constraints.protectedStrings = try c.strings("protected") ?? []
        }
        let maxCandidates = try y.int("max_candidates") ?? 20
        if maxCandidates < 1 { throw y.fail("must be at least 1", "max_candidates") }
        let budgets: [Int?] = try y.child("max_queries").map { q in
            try q.list().map { v in
                let n = try v.int()
                guard n >= 1 else { throw v.fail("must be at least 1") }
                return n
            }
        } ?? [nil]
        return budgets.map {
            AttackSpec(name: name, transformations: transformations, search: search, saliency: saliency, target: target,
                       constraints: constraints, maxQueries: $0, maxCandidates: maxCandidates)
        }
    }

    /// Canonical JSON of everything that changes results: two runs compare only if this matches.
    public var canonicalJSON: String {
        let searchText: String
        switch search {
        case .greedy: searchText = "\"greedy\""
        case .beam(let w): searchText = "\"beam\",\"beam_width\":\(w)"
        case .random: searchText = "\"random\""
        case .maskedLMGuided(let k, let guide):
            searchText = "\"mlm-guided\",\"top_k\":\(k),\"guide\":\(guide.map { PredictionJSON.quote($0.path) } ?? "null")"
        }
        let protected = constraints.protectedStrings.map { "\"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"" }.joined(separator: ",")
        return "{\"constraints\":{\"digits\":\(constraints.skipDigits),\"max_perturbed_ratio\":\(constraints.maxPerturbedRatio),\"protected\":[\(protected)],\"stopwords\":\(constraints.skipStopwords)},"
            + "\"max_candidates\":\(maxCandidates),\"max_queries\":\(maxQueries.map(String.init) ?? "null"),\"saliency\":\"\(saliency.rawValue)\","
            + "\"search\":\(searchText),\"target\":\(target.map(String.init) ?? "null"),"
            + "\"transformations\":[\(transformations.map { "\"\($0)\"" }.joined(separator: ","))]}"
    }
}
