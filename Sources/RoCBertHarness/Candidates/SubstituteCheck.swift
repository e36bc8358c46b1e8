import Foundation
import RoCBertAttack
import RoCBertCore

/// What a reader needs of a substitute, applied to every candidate: the attack's substitute
/// constraints (by default `CommonSubstitutes` and `KnownToVocabulary`), then the facts the
/// report's validity figures count (human confusion data, the substitute's rank, a changed tone).
struct SubstituteCheck {
    static let soundSubstitutions: Set<String> = ["homophone", "near-homophone", "checkpoint-homophone"]

    let rules: [any SubstituteConstraint]
    let standard: StandardCharacters?
    let human: HumanConfusionTable?
    let pronunciation: PronunciationTable?

    /// Loads what the checks need from `tables`; the standard list is required unless rare substitutes
    /// are allowed, the other tables only annotate and are skipped when absent (a malformed one is
    /// still an error: a silent gap would read as "not recorded").
    init(constraints: AttackSpec.Constraints, tables: PerturbationTables, transformations: [String], context: String) throws {
        let needsFloor = !constraints.allowRare && transformations.contains { CommonSubstitutes.characterSubstitutions.contains($0) }
        do {
            standard = needsFloor ? try tables.standardCharacters() : try tables.ifPresent(StandardCharacters.fileName, tables.standardCharacters)
        } catch {
            throw HarnessError("\(context): \(error) (needed to keep substitutes among the \(constraints.commonRank) commonest characters; allow_rare: true lifts it)")
        }
        var rules: [any SubstituteConstraint] = []
        if needsFloor, let standard { rules.append(CommonSubstitutes(standard: standard, commonRank: constraints.commonRank)) }
        if !constraints.allowUnk { rules.append(KnownToVocabulary()) }
        self.rules = rules
        do {
            human = try tables.ifPresent(HumanConfusionTable.fileName, tables.humanConfusion)
            pronunciation = try tables.ifPresent(PronunciationTable.fileName, tables.pronunciation)
        } catch {
            throw HarnessError("\(context): \(error)")
        }
    }

    /// The edit with its validity facts, or nil when the constraints rule it out.
    func check(_ edit: SlotEdit) -> SlotEdit? {
        guard rules.allSatisfy({ $0.allows(edit) }) else { return nil }
        var e = edit
        let single = edit.original.unicodeScalars.count == 1 && edit.replacement.unicodeScalars.count == 1
        if let standard, edit.replacement.unicodeScalars.count == 1 { e.substituteRank = standard.rank[edit.replacement] }
        if single, let human { e.humanConfusion = human.contains(edit.original, edit.replacement) }
        if single, Self.soundSubstitutions.contains(edit.transformation), let pronunciation,
           let from = pronunciation.readings[edit.original], let to = pronunciation.readings[edit.replacement] {
            e.toneChanged = !from.contains { a in to.contains { $0.tone == a.tone } }
        }
        return e
    }
}
