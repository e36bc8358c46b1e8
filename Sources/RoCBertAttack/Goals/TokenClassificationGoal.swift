import RoCBertCore

/// Token classification. The attack must change the prediction on the characters it did not edit:
/// an edited character's own tag says nothing about robustness, so the attacked prediction is read
/// with every edited character held at its clean tag. The targets are the entities of the clean
/// prediction (of the watched types). At entity level (seqeval's convention) one of them must be lost
/// or change type; at token level the tag of one of their characters must change.
public struct TokenClassificationGoal: GoalFunction {
    /// Clean predicted tag per clean-text character.
    public let clean: [Int?]
    /// Gold tag per character, for the skip rule.
    public let gold: [Int?]
    public let level: GoalOptions.NERLevel
    /// Entity types watched; empty watches every type.
    public let watch: Set<String>
    /// The entities of the clean prediction the attack must break.
    public let targets: [EntityChunk]
    /// Whether the clean prediction agrees with the gold tags on the watched entities; when it does
    /// not, the goal is reached before any edit and the runner skips the example.
    public let cleanIsCorrect: Bool
    let scheme: TagScheme

    public init(clean: [Int?], gold: [Int?], labelNames: [String], level: GoalOptions.NERLevel = .entity, watch: [String] = []) {
        self.clean = clean
        self.gold = gold
        self.level = level
        self.watch = Set(watch)
        scheme = TagScheme(names: labelNames)
        let watched = { (c: EntityChunk) in watch.isEmpty || watch.contains(c.type) }
        targets = scheme.chunks(clean).filter(watched)
        let goldEntities = scheme.chunks(gold).filter(watched)
        switch level {
        case .entity:
            cleanIsCorrect = Set(targets) == Set(goldEntities)
        case .token:
            let characters = (targets + goldEntities).flatMap { Array($0.range) }
            cleanIsCorrect = characters.allSatisfy { $0 < clean.count && $0 < gold.count && clean[$0] == gold[$0] }
        }
    }

    public func evaluate(_ output: VictimOutput, on text: PerturbedText) -> GoalResult {
        if !cleanIsCorrect { return GoalResult(score: 1, reached: true) }
        let attacked = heldAtClean(output.characterLabels, text: text)
        let characters = targets.flatMap { Array($0.range) }
        let changed = characters.filter { attacked[$0] != clean[$0] }.count
        let retagged = characters.isEmpty ? 0 : Double(changed) / Double(characters.count)
        switch level {
        case .token:
            return GoalResult(score: retagged, reached: changed > 0)
        case .entity:
            let kept = Set(scheme.chunks(attacked))
            let lost = targets.filter { !kept.contains($0) }.count
            // Retagged characters that have not yet broken an entity still bring the search closer.
            return GoalResult(score: (Double(lost) + retagged) / Double(targets.count + 1), reached: lost > 0)
        }
    }

    /// The attacked prediction in clean-text positions: an unedited character's tag as the model gave
    /// it on `text`, an edited character's clean tag.
    func heldAtClean(_ labels: [Int?], text: PerturbedText) -> [Int?] {
        text.unchangedOffsets.enumerated().map { i, offset in
            guard let offset else { return i < clean.count ? clean[i] : nil }
            return offset < labels.count ? labels[offset] : nil
        }
    }
}
