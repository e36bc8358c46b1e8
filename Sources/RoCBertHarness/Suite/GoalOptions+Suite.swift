import RoCBertCore

extension GoalOptions {
    /// The keys of an `attacks:` entry that set goal options.
    static let suiteKeys: Set<String> = ["min_f1_drop", "ner_level", "watch"]

    /// Reads the goal options of one `attacks:` entry; a key for another head is an error naming it,
    /// since it would otherwise be ignored and the run read as if it had applied.
    static func parse(_ y: YAMLReader, task: AttackTask) throws -> GoalOptions {
        var options = GoalOptions()
        if task == .questionAnswering || task == .tokenClassification { options.rule = GoalOptions.currentRule }
        if let drop = try y.double("min_f1_drop") {
            guard task == .questionAnswering else { throw y.fail("applies to question-answering suites only", "min_f1_drop") }
            // 0 would count the clean answer itself as a success.
            guard drop > 0, drop <= 1 else { throw y.fail("must lie in (0, 1]", "min_f1_drop") }
            options.minF1Drop = drop
        }
        for key in ["ner_level", "watch"] where y.has(key) && task != .tokenClassification {
            throw y.fail("applies to token-classification suites only", key)
        }
        options.nerLevel = try y.choice("ner_level", Dictionary(uniqueKeysWithValues: NERLevel.allCases.map { ($0.rawValue, $0) }),
                                        default: .entity)
        if let watch = y.child("watch") {
            options.watch = try watch.list().map { t in
                let type = try t.string()
                guard !type.isEmpty, !type.contains("-") else { throw t.fail("must be an entity type such as PER or LOC (no B-/I- prefix)") }
                return type
            }
            if options.watch.isEmpty { throw y.fail("needs at least one entity type (leave it out to watch every type)", "watch") }
        }
        return options
    }
}
