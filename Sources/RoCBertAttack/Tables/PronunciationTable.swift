import Foundation

/// attacks/tables/pronunciation.tsv: each character's modern readings (primary first; archaic
/// dictionary readings left out so 机 jī is not a homophone of 未 wèi) and its corpus frequency.
public struct PronunciationTable: Sendable {
    public static let fileName = "pronunciation.tsv"
    public static let columns = ["char", "readings", "frequency"]

    /// Character → readings, primary first.
    public let readings: [String: [Pinyin]]
    /// Character → count in jieba's dictionary, to rank candidates commonest first.
    public let frequency: [String: Int]
    /// Toned syllable → characters with that reading, commonest first.
    public let bySyllable: [Pinyin: [String]]
    /// Syllable letters → characters with that syllable in any tone, commonest first.
    public let byToneless: [String: [String]]
    public let source: [String]

    public init(directory: URL) throws {
        let file = try TableFile(directory.appendingPathComponent(Self.fileName), columns: Self.columns)
        var readings: [String: [Pinyin]] = [:], frequency: [String: Int] = [:]
        for row in file.rows {
            let char = try file.character(row, 0)
            let parsed = try row.cells[1].split(separator: ",").map { r -> Pinyin in
                guard let p = Pinyin(String(r)) else { throw file.fail(row, "reading \"\(r)\" is not numbered pinyin like shi4") }
                return p
            }
            guard !parsed.isEmpty else { throw file.fail(row, "no readings for \(char)") }
            guard let f = Int(row.cells[2]), f >= 0 else { throw file.fail(row, "frequency \"\(row.cells[2])\" is not a count") }
            if readings[char] != nil { throw file.fail(row, "\(char) appears twice") }
            readings[char] = parsed
            frequency[char] = f
        }
        var bySyllable: [Pinyin: [String]] = [:], byToneless: [String: [String]] = [:]
        // Commonest first, ties by code point, so candidate order never depends on hashing.
        let ordered = readings.keys.sorted { (frequency[$0]!, $1.unicodeScalars.first!.value) > (frequency[$1]!, $0.unicodeScalars.first!.value) }
        for char in ordered {
            for p in Set(readings[char]!) {
                bySyllable[p, default: []].append(char)
            }
            for s in Set(readings[char]!.map(\.syllable)) { byToneless[s, default: []].append(char) }
        }
        self.readings = readings
        self.frequency = frequency
        self.bySyllable = bySyllable
        self.byToneless = byToneless
        source = file.comments
    }
}
