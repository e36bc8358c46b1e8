import Foundation
import RoCBertCore

extension AttackSpec {
    /// Parses one entry of `attacks:`; a list of `max_queries` values gives one attack per budget.
    /// `task` decides which goal options the entry may set; `pairNamed` whether the data set has a
    /// second segment for `perturb` to choose.
    static func parse(_ y: YAMLReader, task: AttackTask, pairNamed: Bool = false, resolve: (String) -> URL) throws -> [AttackSpec] {
        try y.onlyKeys(Set(["name", "transformations", "search", "beam_width", "top_k", "guide", "saliency", "goal", "target", "constraints", "max_queries", "max_candidates", "perturb"])
            .union(GoalOptions.suiteKeys))
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
            guard t >= 0 else { throw y.fail("must be a class index (0 or more)", "target") }
            target = t
        default: throw y.fail("unknown goal \"\(goal)\" (expected targeted or untargeted)", "goal")
        }
        let goalOptions = try GoalOptions.parse(y, task: task)
        let perturb = try PerturbedSegment.parse(y, task: task, pairNamed: pairNamed)
        var constraints = Constraints()
        if let c = y.child("constraints") {
            try c.onlyKeys(["max_perturbed_ratio", "stopwords", "digits", "protected", "allow_rare", "allow_unk", "common_rank", "min_edits"])
            if let r = try c.double("max_perturbed_ratio") {
                guard r > 0, r <= 1 else { throw c.fail("must lie in (0, 1]", "max_perturbed_ratio") }
                constraints.maxPerturbedRatio = r
            }
            constraints.skipStopwords = try c.bool("stopwords") ?? true
            constraints.skipDigits = try c.bool("digits") ?? true
            constraints.protectedStrings = try c.strings("protected") ?? []
            constraints.allowRare = try c.bool("allow_rare") ?? false
            constraints.allowUnk = try c.bool("allow_unk") ?? false
            if let rank = try c.int("common_rank") {
                guard (1...8105).contains(rank) else { throw c.fail("must lie in 1...8105 (a place in the 通用规范汉字表)", "common_rank") }
                constraints.commonRank = rank
            }
            if let n = try c.int("min_edits") {
                guard n >= 0 else { throw c.fail("must be at least 0", "min_edits") }
                constraints.minEdits = n
            }
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
                       constraints: constraints, maxQueries: $0, maxCandidates: maxCandidates, goal: goalOptions, perturb: perturb)
        }
    }
}
