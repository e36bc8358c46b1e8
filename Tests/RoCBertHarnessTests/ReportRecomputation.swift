import Foundation
import RoCBertStore
import XCTest

extension XCTestCase {
    /// Every run's records by (checkpoint, attack), read from a copy: opening a database migrates it,
    /// and a test must never rewrite a committed file.
    func records(_ db: URL) throws -> [String: [ExampleRecord]] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent(db.lastPathComponent)
        // With its write-ahead log: a killed run's last examples may still be only there.
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: db.path + suffix) {
            try FileManager.default.copyItem(atPath: db.path + suffix, toPath: copy.path + suffix)
        }
        let store = try ResultStore(path: copy.path, create: false)
        var out: [String: [ExampleRecord]] = [:]
        for run in try store.runs() { out["\(run.key.checkpointName) × \(run.key.attack.name)"] = try store.records(runId: run.id) }
        return out
    }

    /// Recomputes every run's TextAttack metrics from its rows and finds them in the report's
    /// table for that run; returns whether any example was attacked successfully.
    @discardableResult
    func assertReportAgreesWithRows(_ report: String, _ runs: [String: [ExampleRecord]],
                                    file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
        var attackedSomething = false
        for (name, rows) in runs {
            let successful = rows.filter { $0.status == .successful }.count
            let failed = rows.filter { $0.status == .failed }.count
            let skipped = rows.filter { $0.status == .skipped }.count
            let n = successful + failed + skipped
            let parts = name.components(separatedBy: " × ")
            let table = try XCTUnwrap(metricTable(report, checkpoint: parts[0], attack: parts[1]), name, file: file, line: line)
            XCTAssertEqual(table["N"], "\(n)", name, file: file, line: line)
            XCTAssertEqual(table["successful"], "\(successful)", name, file: file, line: line)
            XCTAssertEqual(table["failed"], "\(failed)", name, file: file, line: line)
            XCTAssertEqual(table["skipped"], "\(skipped)", name, file: file, line: line)
            XCTAssertEqual(table["original accuracy"], String(format: "%.2f%%", 100 * Double(n - skipped) / Double(n)), name, file: file, line: line)
            XCTAssertEqual(table["accuracy under attack"], String(format: "%.2f%%", 100 * Double(failed) / Double(n)), name, file: file, line: line)
            if successful + failed > 0 {
                XCTAssertEqual(table["attack success rate"], String(format: "%.2f%%", 100 * Double(successful) / Double(successful + failed)), name, file: file, line: line)
            }
            let nonSkipped = rows.filter { $0.status != .skipped }
            if !nonSkipped.isEmpty {
                XCTAssertEqual(table["avg queries"], String(format: "%.1f", Double(nonSkipped.map(\.queries).reduce(0, +)) / Double(nonSkipped.count)), name, file: file, line: line)
            }
            for row in rows where row.status == .successful {
                attackedSomething = true
                XCTAssertFalse(row.perturbations.isEmpty, file: file, line: line)
                XCTAssertEqual(row.perturbedCharacters, row.perturbations.reduce(0) { $0 + $1.original.unicodeScalars.count }, file: file, line: line)
                XCTAssertNotEqual(row.attackedPrediction, row.cleanPrediction, file: file, line: line)
            }
        }
        return attackedSomething
    }

    /// The "metric | value" table under "### CHECKPOINT × ATTACK".
    func metricTable(_ report: String, checkpoint: String, attack: String) -> [String: String]? {
        let lines = report.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("### \(checkpoint) × \(attack) ") }) else { return nil }
        var table: [String: String] = [:]
        for line in lines[(start + 1)...] {
            if line.hasPrefix("#") { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.count >= 2 { table[cells[0]] = cells[1] }
        }
        return table
    }

}
