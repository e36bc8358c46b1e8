import Foundation
import XCTest
@testable import RoCBertStore

final class SchemaTests: XCTestCase {
    private func tables(_ path: String) throws -> [String] {
        let db = try SQLiteDatabase(path: path, create: false)
        return try db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").rows { $0.text(0) ?? "" }
    }

    func testANewDatabaseGetsEveryTableAndTheLatestVersion() throws {
        let path = temporaryDatabasePath()
        _ = try ResultStore(path: path)
        XCTAssertEqual(try tables(path), ["examples", "perturbations", "runs"])
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), Migrations.latestVersion)
        let mode = try SQLiteDatabase(path: path, create: false).prepare("PRAGMA journal_mode").rows { $0.text(0) }
        XCTAssertEqual(mode, ["wal"])
    }

    func testAnEmptyFileIsMigratedFromVersionZero() throws {
        let path = temporaryDatabasePath()
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), 0)
        _ = try ResultStore(path: path)
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), 1)
        // Opening again is a no-op.
        _ = try ResultStore(path: path)
        XCTAssertEqual(try tables(path), ["examples", "perturbations", "runs"])
    }

    func testMigrationStepsAreOrderedFromOne() {
        XCTAssertEqual(Migrations.steps.map(\.version), Array(1...Migrations.steps.count))
    }

    func testANewerSchemaIsRefusedNamingTheFileAndBothVersionsAndLeftUntouched() throws {
        let path = temporaryDatabasePath()
        do {
            // Rollback-journal mode, so switching to WAL would show in the file's bytes.
            let db = try SQLiteDatabase(path: path, create: true)
            try db.execute("CREATE TABLE future (x); INSERT INTO future VALUES (1); PRAGMA user_version = 99")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ResultStore(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .newerSchema(file: path, found: 99, supported: Migrations.latestVersion))
            let line = "\(error)"
            XCTAssertTrue(line.contains(path) && line.contains("99") && line.contains("version \(Migrations.latestVersion)"), line)
            XCTAssertFalse(line.contains("\n"))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertEqual(try tables(path), ["future"])
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).prepare("PRAGMA journal_mode").rows { $0.text(0) }, ["delete"])
    }

    func testOpeningWithoutCreateRefusesAMissingFile() throws {
        let path = temporaryDatabasePath()
        XCTAssertThrowsError(try ResultStore(path: path, create: false)) { error in
            XCTAssertEqual(error as? StoreError, .missingDatabase(file: path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testAFileThatIsNotADatabaseIsAnErrorNamingIt() throws {
        let path = temporaryDatabasePath()
        try Data(String(repeating: "not sqlite at all ", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ResultStore(path: path)) { error in
            XCTAssertTrue("\(error)".hasPrefix(path), "\(error)")
        }
    }

    func testSomebodyElsesDatabaseGetsNoTablesAndAnEmptyOneIsNotReadable() throws {
        let path = temporaryDatabasePath()
        do {
            let db = try SQLiteDatabase(path: path, create: true)
            try db.execute("CREATE TABLE contacts (name TEXT)")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for create in [true, false] {
            XCTAssertThrowsError(try ResultStore(path: path, create: create)) { error in
                XCTAssertEqual(error as? StoreError, .notAResultsDatabase(file: path))
            }
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)

        let empty = temporaryDatabasePath()
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        XCTAssertThrowsError(try ResultStore(path: empty, create: false)) { error in
            XCTAssertEqual(error as? StoreError, .notAResultsDatabase(file: empty))
        }
    }
}
