import Foundation
import RoCBert
import RoCBertAttack
import RoCBertCore

/// Builds a candidate generator from the transformations an attack names, interleaving them so the
/// first `max_candidates` hold some of each, flagging candidates the checkpoint's vocabulary lacks,
/// keeping only substitutes the attack's constraints allow (`SubstituteCheck`), and noting whether a
/// RoCBert checkpoint's shape and pronunciation ids survive each (`SideChannelCheck`).
public enum CandidateFactory {
    /// The transformations a masked-LM proposal must relate to through the tables.
    static let maskedLMRelations = ["homophone", "near-homophone", "visual", "traditional"]

    /// The generator of an attack of a suite against `checkpoint`.
    public static func make(_ attack: AttackSpec, checkpoint: URL, tables: PerturbationTables) throws -> (PerturbedText, Int) -> [SlotEdit] {
        let guide: URL? = if case .maskedLMGuided(_, let g) = attack.search { g } else { nil }
        return try make(transformations: attack.transformations, checkpoint: checkpoint, guide: guide, maskedLMTopK: attack.maxCandidates,
                        tables: tables, constraints: attack.constraints, context: "attack \(attack.name)")
    }

    /// The generator of `transformations`; without a checkpoint nothing is flagged as [UNK] and the
    /// checkpoint-* and masked-lm transformations are unavailable.
    public static func make(
        transformations: [String], checkpoint: URL?, guide: URL? = nil, maskedLMTopK: Int = 20, tables: PerturbationTables,
        constraints: AttackSpec.Constraints = AttackSpec.Constraints(), context: String
    ) throws -> (PerturbedText, Int) -> [SlotEdit] {
        let substitutes = try SubstituteCheck(constraints: constraints, tables: tables, transformations: transformations, context: context)
        let tokenizer = try checkpoint.map { try RoCBertTokenizer(directory: $0) }
        let sideChannels = try checkpoint.flatMap { dir in try tokenizer.flatMap { try SideChannelCheck(directory: dir, tokenizer: $0) } }
        var checkpointTables: CheckpointTableCandidates?
        func checkpointGroups(_ name: String) throws -> CheckpointTableCandidates {
            guard let checkpoint else { throw HarnessError("\(context): transformation \(name) needs a checkpoint") }
            if let t = checkpointTables { return t }
            let t = try CheckpointTableCandidates(directory: checkpoint)
            checkpointTables = t
            return t
        }
        let sources: [(PerturbedText, Int) -> [SlotEdit]] = try transformations.map { name in
            do {
                switch name {
                case "checkpoint-homophone": return try checkpointGroups(name).homophones
                case "checkpoint-visual": return try checkpointGroups(name).lookalikes
                case "masked-lm":
                    guard let model = guide ?? checkpoint else { throw HarnessError("\(context): transformation masked-lm needs a checkpoint with a masked-LM head") }
                    let related = try maskedLMRelations.compactMap { try tables.transformation(named: $0) }
                    return MaskedLMTransformation(ranker: try MaskedLMRanker(directory: model, topK: maskedLMTopK), related: related).candidates
                default:
                    guard let t = try tables.transformation(named: name) else { throw HarnessError("\(context): unknown transformation \(name)") }
                    return t.candidates
                }
            } catch let e as TableError {
                throw HarnessError("\(context): transformation \(name): \(e)")
            }
        }
        return { text, slot in
            let lists = sources.map { $0(text, slot) }
            var out: [SlotEdit] = []
            var seen = Set<String>()
            for i in 0..<(lists.map(\.count).max() ?? 0) {
                for list in lists where i < list.count && seen.insert(list[i].replacement).inserted {
                    var edit = list[i]
                    // One encoding of the replacement serves the [UNK] flag and the side-channel check.
                    let replacement = tokenizer?.encode(edit.replacement, addSpecialTokens: false)
                    if let tokenizer, let replacement { edit.outOfVocabulary = replacement.inputIds.contains(tokenizer.unkTokenId) }
                    guard let checked = substitutes.check(edit) else { continue }
                    if let sideChannels, let replacement {
                        out.append(sideChannels.annotate(checked, replacement: replacement))
                    } else {
                        out.append(checked)
                    }
                }
            }
            return out
        }
    }
}
