/// One toned Mandarin syllable as the tables store it: numbered form (`shi4`, `lü4`, `de5`), so a
/// homophone is an equal value and a near-homophone a rewritten initial or final.
public struct Pinyin: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Letters without the tone (`shi`, `lü`).
    public let syllable: String
    /// 1–4, 5 for the neutral tone.
    public let tone: Int

    static let initials = ["zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w"]

    /// Parses the numbered form; nil when it is not letters followed by one tone digit 1–5.
    public init?(_ numbered: String) {
        guard let last = numbered.last, let tone = last.wholeNumberValue, (1...5).contains(tone) else { return nil }
        let letters = String(numbered.dropLast())
        guard !letters.isEmpty, letters.allSatisfy({ ("a"..."z").contains($0) || $0 == "ü" }) else { return nil }
        syllable = letters
        self.tone = tone
    }

    public init(syllable: String, tone: Int) {
        self.syllable = syllable
        self.tone = tone
    }

    /// The initial consonant (`zh`, `b`, …), "" for syllables that start with a vowel.
    public var initial: String { Self.initials.first { syllable.hasPrefix($0) && syllable.count > $0.count } ?? "" }

    /// The syllable after its initial.
    public var final: String { String(syllable.dropFirst(initial.count)) }

    /// The numbered form, as stored.
    public var description: String { "\(syllable)\(tone)" }

    /// The form a reader sees, tone mark on the vowel the spelling rules choose (`shì`, `lǜ`, `de`).
    public var marked: String {
        guard (1...4).contains(tone) else { return syllable }
        let letters = Array(syllable)
        let index: Int? = letters.firstIndex(where: { $0 == "a" || $0 == "e" })
            ?? (syllable.contains("ou") ? letters.firstIndex(of: "o") : nil)
            ?? letters.lastIndex(where: { "iouü".contains($0) })
        guard let i = index, let marks = Self.toneMarks[letters[i]] else { return syllable }
        var out = letters
        out[i] = marks[tone - 1]
        return String(out)
    }

    static let toneMarks: [Character: [Character]] = [
        "a": ["ā", "á", "ǎ", "à"], "e": ["ē", "é", "ě", "è"], "i": ["ī", "í", "ǐ", "ì"],
        "o": ["ō", "ó", "ǒ", "ò"], "u": ["ū", "ú", "ǔ", "ù"], "ü": ["ǖ", "ǘ", "ǚ", "ǜ"],
    ]

    public static func < (a: Pinyin, b: Pinyin) -> Bool { (a.syllable, a.tone) < (b.syllable, b.tone) }
}
