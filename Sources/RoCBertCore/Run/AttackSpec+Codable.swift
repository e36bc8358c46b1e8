import Foundation

/// The stored form: one flat JSON object with sorted keys and no whitespace, e.g.
/// `{"constraints":{…},"max_candidates":20,"max_queries":300,"name":"homophone","saliency":"delete",
/// "search":"greedy","target":null,"transformations":["homophone"]}`. The search's own settings
/// (`beam_width`; `top_k` and `guide`) sit beside `search`, present only for the method that has them;
/// an absent budget or target is `null`, so every spec spells out every setting that changes results.
/// The goal options (`min_f1_drop`, `ner_level`, `watch`, `goal_rule`) appear only away from their
/// defaults: a spec that does not set them keeps the text, and so the run identity, it had before they
/// existed; `goal_rule` is set for QA and token-classification suites, whose success rule changed.
/// `perturb` likewise appears only when an attack edits another segment than the first.
extension AttackSpec: Codable {
    enum CodingKeys: String, CodingKey {
        case name, transformations, search, saliency, target, constraints
        case maxQueries = "max_queries", maxCandidates = "max_candidates"
        case beamWidth = "beam_width", topK = "top_k", guide
        case minF1Drop = "min_f1_drop", nerLevel = "ner_level", watch, goalRule = "goal_rule"
        case perturb
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let searchName = try c.decode(String.self, forKey: .search)
        let search: Search
        switch searchName {
        case "greedy": search = .greedy
        case "beam": search = .beam(width: try c.decode(Int.self, forKey: .beamWidth))
        case "random": search = .random
        case "mlm-guided":
            search = .maskedLMGuided(topK: try c.decode(Int.self, forKey: .topK),
                                     guide: try c.decodeIfPresent(String.self, forKey: .guide).map { URL(fileURLWithPath: $0) })
        default:
            throw DecodingError.dataCorruptedError(forKey: .search, in: c, debugDescription: "unknown search \"\(searchName)\"")
        }
        self.init(name: try c.decode(String.self, forKey: .name),
                  transformations: try c.decode([String].self, forKey: .transformations),
                  search: search,
                  saliency: try c.decode(Saliency.self, forKey: .saliency),
                  target: try c.decodeIfPresent(Int.self, forKey: .target),
                  constraints: try c.decode(Constraints.self, forKey: .constraints),
                  maxQueries: try c.decodeIfPresent(Int.self, forKey: .maxQueries),
                  maxCandidates: try c.decode(Int.self, forKey: .maxCandidates),
                  goal: GoalOptions(minF1Drop: try c.decodeIfPresent(Double.self, forKey: .minF1Drop),
                                    nerLevel: try c.decodeIfPresent(GoalOptions.NERLevel.self, forKey: .nerLevel) ?? .entity,
                                    watch: try c.decodeIfPresent([String].self, forKey: .watch) ?? [],
                                    rule: try c.decodeIfPresent(Int.self, forKey: .goalRule)),
                  perturb: try c.decodeIfPresent(PerturbedSegment.self, forKey: .perturb) ?? .first)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(transformations, forKey: .transformations)
        try c.encode(search.name, forKey: .search)
        switch search {
        case .greedy, .random: break
        case .beam(let width): try c.encode(width, forKey: .beamWidth)
        case .maskedLMGuided(let k, let guide):
            try c.encode(k, forKey: .topK)
            try c.encode(guide?.path, forKey: .guide)
        }
        try c.encode(saliency, forKey: .saliency)
        try c.encode(target, forKey: .target)
        try c.encode(constraints, forKey: .constraints)
        try c.encode(maxQueries, forKey: .maxQueries)
        try c.encode(maxCandidates, forKey: .maxCandidates)
        try c.encodeIfPresent(goal.minF1Drop, forKey: .minF1Drop)
        if goal.nerLevel != .entity { try c.encode(goal.nerLevel, forKey: .nerLevel) }
        if !goal.watch.isEmpty { try c.encode(goal.watch, forKey: .watch) }
        try c.encodeIfPresent(goal.rule, forKey: .goalRule)
        if perturb != .first { try c.encode(perturb, forKey: .perturb) }
    }

    /// The stored form (see the extension's doc): equal specs give equal text, so its hash identifies the attack.
    public var canonicalJSON: String {
        // Encoding plain values into a fresh encoder cannot fail.
        String(decoding: try! CanonicalJSON.encoder.encode(self), as: UTF8.self)
    }

    /// Reads the stored form; the error says which key is missing or of the wrong type.
    public init(canonicalJSON text: String) throws {
        do {
            self = try JSONDecoder().decode(AttackSpec.self, from: Data(text.utf8))
        } catch let e as DecodingError {
            throw CanonicalJSON.Failure(message: CanonicalJSON.describe(e))
        } catch {
            throw CanonicalJSON.Failure(message: "not JSON")
        }
    }
}

/// Specs stored before the substitute settings existed decode as they ran: rare and [UNK]
/// substitutes allowed, and one edit allowed on any text.
extension AttackSpec.Constraints: Codable {
    enum CodingKeys: String, CodingKey {
        case maxPerturbedRatio = "max_perturbed_ratio", skipStopwords = "stopwords", skipDigits = "digits"
        case protectedStrings = "protected", allowRare = "allow_rare", allowUnk = "allow_unk", commonRank = "common_rank"
        case minEdits = "min_edits"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        maxPerturbedRatio = try c.decode(Double.self, forKey: .maxPerturbedRatio)
        skipStopwords = try c.decode(Bool.self, forKey: .skipStopwords)
        skipDigits = try c.decode(Bool.self, forKey: .skipDigits)
        protectedStrings = try c.decode([String].self, forKey: .protectedStrings)
        allowRare = try c.decodeIfPresent(Bool.self, forKey: .allowRare) ?? true
        allowUnk = try c.decodeIfPresent(Bool.self, forKey: .allowUnk) ?? true
        commonRank = try c.decodeIfPresent(Int.self, forKey: .commonRank) ?? commonRank
        minEdits = try c.decodeIfPresent(Int.self, forKey: .minEdits) ?? 1
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(maxPerturbedRatio, forKey: .maxPerturbedRatio)
        try c.encode(skipStopwords, forKey: .skipStopwords)
        try c.encode(skipDigits, forKey: .skipDigits)
        try c.encode(protectedStrings, forKey: .protectedStrings)
        try c.encode(allowRare, forKey: .allowRare)
        try c.encode(allowUnk, forKey: .allowUnk)
        try c.encode(commonRank, forKey: .commonRank)
        try c.encode(minEdits, forKey: .minEdits)
    }
}
