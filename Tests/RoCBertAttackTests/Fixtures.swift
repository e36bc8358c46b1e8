import Foundation
import RoCBertAttack

/// Paths of the hand-written tables next to these tests, and of the repository's real ones.
enum Fixtures {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let tables = here.appendingPathComponent("Fixtures/tables")
    static let data = here.appendingPathComponent("Fixtures/data")
    static let root = here.deletingLastPathComponent().deletingLastPathComponent()
    static let realTables = root.appendingPathComponent("attacks/tables")
    static let realData = root.appendingPathComponent("data")

    static func toy() -> PerturbationTables { PerturbationTables(tablesDirectory: tables, dataDirectory: data) }

    /// A scratch folder holding copies of the fixture tables, for breaking one of them.
    static func scratchTables() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rocbert-tables-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: tables, to: dir)
        return dir
    }
}

extension Transformation {
    /// Replacements proposed for the character at `slot` of `text`.
    func replacements(_ text: String, _ slot: Int) -> [String] {
        candidates(PerturbedText(text), at: slot).map(\.replacement)
    }
}
