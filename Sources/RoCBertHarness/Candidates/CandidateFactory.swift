import Foundation
import RoCBertAttack

/// Builds an attack's candidate generator for one checkpoint from the transformations it names,
/// interleaving them so the first `max_candidates` hold some of each.
public enum CandidateFactory {
    public static func make(_ attack: AttackSpec, checkpoint: URL) throws -> (PerturbedText, Int) -> [SlotEdit] {
        let tables = try CheckpointTableCandidates(directory: checkpoint)
        let sources: [(PerturbedText, Int) -> [SlotEdit]] = try attack.transformations.map { name in
            switch name {
            case "homophone": return tables.homophones
            case "visual": return tables.lookalikes
            default:
                throw HarnessError("attack \(attack.name): transformation \(name) needs the perturbation tables under attacks/tables, which this build does not have yet")
            }
        }
        return { text, slot in
            let lists = sources.map { $0(text, slot) }
            var out: [SlotEdit] = []
            var seen = Set<String>()
            for i in 0..<(lists.map(\.count).max() ?? 0) {
                for list in lists where i < list.count && seen.insert(list[i].replacement).inserted { out.append(list[i]) }
            }
            return out
        }
    }
}
