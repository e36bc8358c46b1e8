import RoCBertCore

/// The settings of an attack a reader cannot infer from its name and that change what its figures
/// measure; each appears only away from its default, so reports of default attacks read as before.
enum AttackSettings {
    /// `key: value` for each such setting.
    static func nonDefault(_ spec: AttackSpec) -> [String] {
        var settings: [String] = []
        if spec.perturb != .first { settings.append("perturb: \(spec.perturb.rawValue)") }
        if let target = spec.target { settings.append("target: \(target)") }
        if let drop = spec.goal.minF1Drop { settings.append("min_f1_drop: \(drop)") }
        if spec.goal.nerLevel != .entity { settings.append("ner_level: \(spec.goal.nerLevel.rawValue)") }
        if !spec.goal.watch.isEmpty { settings.append("watch: [\(spec.goal.watch.joined(separator: ", "))]") }
        return settings
    }

    /// The run's sentence under its metrics heading, or "" when every such setting is the default.
    static func sentence(_ spec: AttackSpec, head: AttackTask) -> String {
        let second = head == .multipleChoice ? "the gold choice" : "the second segment (the pair)"
        switch spec.perturb {
        case .first: return ""
        case .second: return "Settings: `perturb: second` — the attack edits \(second); the clean and attacked texts are that segment's.\n\n"
        case .both:
            return "Settings: `perturb: both` — the attack edits the first segment and \(second), shown joined by `‖`, which is neither edited nor counted.\n\n"
        }
    }
}
