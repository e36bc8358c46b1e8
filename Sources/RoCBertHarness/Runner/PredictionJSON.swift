import Foundation
import RoCBertAttack

/// A prediction as the JSON text the store keeps: the class index, the tag per character, the answer
/// span, or the masked-LM fills, whichever the task produced.
public enum PredictionJSON {
    /// `tagNames` (the checkpoint's id2label) writes token-classification tags by name, as the gold
    /// tags are stored; without it they are written by index.
    public static func encode(_ o: VictimOutput, tagNames: [String] = []) -> String {
        if !o.probabilities.isEmpty { return String(o.argmax) }
        if !o.characterLabels.isEmpty {
            return "[" + o.characterLabels.map { id in
                guard let id else { return "null" }
                return tagNames.indices.contains(id) ? quote(tagNames[id]) : String(id)
            }.joined(separator: ",") + "]"
        }
        if let a = o.answer { return "{\"text\":\(quote(a.text)),\"start\":\(a.range.lowerBound),\"end\":\(a.range.upperBound)}" }
        if !o.fills.isEmpty { return "[" + o.fills.map { quote($0.token) }.joined(separator: ",") + "]" }
        return "null"
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
