import Foundation
import RoCBert
import RoCBertAttack

/// Candidates from a checkpoint's own tables: characters that share a pronunciation id
/// (word_pronunciation.json) or a shape id (word_shape.json) with the one attacked. They are exactly
/// the confusions the checkpoint was built to know, so every candidate is in its vocabulary.
public struct CheckpointTableCandidates: Sendable {
    /// Character → characters sharing its id, most frequent (lowest vocabulary id) first.
    let pronunciationGroups: [String: [String]]
    let shapeGroups: [String: [String]]
    let pronunciationId: [String: Int]
    let shapeId: [String: Int]

    /// Reads the tables of a checkpoint folder; a checkpoint without them (BERT) is an error naming it.
    public init(directory: URL) throws {
        let tokenizer = try RoCBertTokenizer(directory: directory)
        guard tokenizer.hasSideTables else {
            throw HarnessError("\(directory.path): a BERT checkpoint has no word_shape.json or word_pronunciation.json to draw checkpoint-homophone or checkpoint-visual candidates from; use homophone or visual, or give a RoCBert checkpoint")
        }
        self.init(tokenizer: tokenizer)
    }

    /// The groups of a tokenizer with side tables.
    init(tokenizer: RoCBertTokenizer) {
        var pron: [String: Int] = [:], shape: [String: Int] = [:]
        var order: [String] = []
        for id in 0..<tokenizer.vocabSize {
            let token = tokenizer.idToToken(id)
            // Single CJK characters only: wordpieces and specials are not characters to swap in.
            guard token.unicodeScalars.count == 1, let s = token.unicodeScalars.first, s.properties.isIdeographic else { continue }
            order.append(token)
            pron[token] = tokenizer.pronunciationId(token)
            shape[token] = tokenizer.shapeId(token)
        }
        // The unknown token's id is what characters outside a table get: they share it without
        // sounding or looking alike, so it is not a group.
        func groups(_ ids: [String: Int], unknown: Int) -> [String: [String]] {
            let byId = Dictionary(grouping: order.filter { ids[$0] != unknown }, by: { ids[$0]! })
            var out: [String: [String]] = [:]
            for (_, members) in byId where members.count > 1 {
                for m in members { out[m] = members.filter { $0 != m } }
            }
            return out
        }
        pronunciationGroups = groups(pron, unknown: tokenizer.unknownPronunciationId)
        shapeGroups = groups(shape, unknown: tokenizer.unknownShapeId)
        pronunciationId = pron
        shapeId = shape
    }

    /// Same-pronunciation candidates for the character at `slot`.
    public func homophones(_ text: PerturbedText, _ slot: Int) -> [SlotEdit] {
        edits(text, slot, groups: pronunciationGroups, ids: pronunciationId, name: "homophone", file: "word_pronunciation.json")
    }

    /// Same-shape candidates for the character at `slot`.
    public func lookalikes(_ text: PerturbedText, _ slot: Int) -> [SlotEdit] {
        edits(text, slot, groups: shapeGroups, ids: shapeId, name: "visual", file: "word_shape.json")
    }

    private func edits(_ text: PerturbedText, _ slot: Int, groups: [String: [String]], ids: [String: Int], name: String, file: String) -> [SlotEdit] {
        let ch = String(text.original[slot])
        return (groups[ch] ?? []).map {
            SlotEdit(range: slot..<(slot + 1), original: ch, replacement: $0, transformation: name,
                     justification: "\(name): \(ch) and \($0) share id \(ids[ch]!) in the checkpoint's \(file)")
        }
    }
}
