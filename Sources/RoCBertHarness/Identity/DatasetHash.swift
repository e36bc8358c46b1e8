import Foundation
import RoCBertCore

/// The identity of the examples a suite attacks: SHA-256 over each selected example (index, id,
/// text, gold, and whatever else the task reads), so an edited data file, another limit or
/// another sample seed gives another hash and a run never mixes two data sets.
public enum DatasetHash {
    public static func compute(_ examples: [DatasetExample]) -> String {
        var text = "rocbert-dataset-hash-v1\n"
        let encoder = CanonicalJSON.encoder
        for e in examples {
            // Encoding plain values cannot fail.
            text += String(decoding: try! encoder.encode(e), as: UTF8.self) + "\n"
        }
        return ContentHash.hex(text)
    }
}

/// The hashed form of an example: fields a task does not use are left out rather than written
/// empty, so adding a field later leaves the hashes of data sets without it unchanged.
extension DatasetExample: Encodable {
    enum CodingKeys: String, CodingKey {
        case index, id, text, pair, label, choices, tags, question, answer, answerStart = "answer_start", protected
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(id, forKey: .id)
        try c.encode(text, forKey: .text)
        try c.encodeIfPresent(pair, forKey: .pair)
        try c.encodeIfPresent(label, forKey: .label)
        if !choices.isEmpty { try c.encode(choices, forKey: .choices) }
        if !tags.isEmpty { try c.encode(tags, forKey: .tags) }
        try c.encodeIfPresent(question, forKey: .question)
        try c.encodeIfPresent(answer, forKey: .answer)
        try c.encodeIfPresent(answerStart, forKey: .answerStart)
        if !protected.isEmpty { try c.encode(protected, forKey: .protected) }
    }
}
