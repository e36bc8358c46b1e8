/// SQuAD-style character-overlap F1 (Chinese answers are compared character by character).
public enum CharacterF1 {
    public static func score(_ prediction: String, _ reference: String) -> Double {
        let p = Array(prediction.filter { !$0.isWhitespace }), r = Array(reference.filter { !$0.isWhitespace })
        if p.isEmpty || r.isEmpty { return p.isEmpty && r.isEmpty ? 1 : 0 }
        var counts: [Character: Int] = [:]
        for c in r { counts[c, default: 0] += 1 }
        var common = 0
        for c in p where counts[c, default: 0] > 0 { counts[c]! -= 1; common += 1 }
        if common == 0 { return 0 }
        let precision = Double(common) / Double(p.count), recall = Double(common) / Double(r.count)
        return 2 * precision * recall / (precision + recall)
    }
}
