import Foundation
import RoCBertCore
import XCTest
@testable import RoCBertStore

/// The run key as the store keeps it: precision and data set in the identity, specs read back typed.
final class RunIdentityTests: XCTestCase {
    func testPrecisionAndDatasetAreEachPartOfTheIdentity() throws {
        let store = try ResultStore(path: temporaryDatabasePath())
        let (fp32, _, _) = try store.openRun(StoreFixtures.key(), plannedExamples: 1)
        let (bf16, _, _) = try store.openRun(StoreFixtures.key(precision: .bf16), plannedExamples: 1)
        let (bf16x3, _, _) = try store.openRun(StoreFixtures.key(precision: .bf16x3), plannedExamples: 1)
        XCTAssertEqual(Set([fp32, bf16, bf16x3]).count, 3)
        XCTAssertEqual(try store.runs().map(\.key.precision), [.fp32, .bf16, .bf16x3])
        XCTAssertEqual(try store.runs().map(\.key.checkpointHash), ["aaaa", "aaaa", "aaaa"], "precision is no longer a hash suffix")
        let (again, _, _) = try store.openRun(StoreFixtures.key(precision: .bf16), plannedExamples: 1)
        XCTAssertEqual(again, bf16)
    }

    func testReopeningOnOtherExamplesIsAnErrorNamingBothHashesAndKeepsTheRecords() throws {
        let store = try ResultStore(path: temporaryDatabasePath())
        let (runId, _, _) = try store.openRun(StoreFixtures.key(datasetHash: "old-hash"), plannedExamples: 2)
        try store.record(StoreFixtures.record(index: 0), runId: runId)
        XCTAssertThrowsError(try store.openRun(StoreFixtures.key(datasetHash: "new-hash"), plannedExamples: 2)) { e in
            XCTAssertEqual(e as? StoreError, .datasetChanged(file: store.path, runId: runId, run: "tiny × greedy-shape",
                                                               recorded: "old-hash", current: "new-hash"))
            let line = "\(e)"
            XCTAssertTrue(line.contains("old-hash") && line.contains("new-hash") && line.contains(store.path), line)
            XCTAssertFalse(line.contains("\n"), line)
        }
        XCTAssertEqual(try store.runs().count, 1, "no second run was created")
        XCTAssertEqual(try store.records(runId: runId).map(\.exampleIndex), [0])
    }

    func testAStoredSpecWithAwkwardStringsRoundTrips() throws {
        let store = try ResultStore(path: temporaryDatabasePath())
        var key = StoreFixtures.key()
        key.attack.constraints.protectedStrings = [#"C:\temp\新建"#, #"他说"好""#, "两\n行", "tab\there", #"\"#]
        key.attack.search = .maskedLMGuided(topK: 3, guide: URL(fileURLWithPath: #"/m/a "b" \c"#))
        _ = try store.openRun(key, plannedExamples: 1)
        let read = try ResultStore(path: store.path, create: false).runs()
        XCTAssertEqual(read.map(\.key), [key])
        let (again, _, _) = try store.openRun(key, plannedExamples: 1)
        XCTAssertEqual(again, read[0].id, "the same spec finds the same run")
    }

    func testAnUnreadableStoredSpecIsAnErrorNamingTheRun() throws {
        let path = temporaryDatabasePath()
        let store = try ResultStore(path: path)
        let (runId, _, _) = try store.openRun(StoreFixtures.key(), plannedExamples: 1)
        let cases: [(String, String)] = [
            ("UPDATE runs SET attack_config = '{\"transformations\":[\"visual\"]'", "attack configuration does not decode"),
            ("UPDATE runs SET attack_config = replace(attack_config, '\"search\":\"greedy\"', '\"search\":\"upward\"')", "unknown search"),
            ("UPDATE runs SET attack_config = replace(attack_config, '\"name\":\"greedy-shape\"', '\"name\":\"other\"')", "names attack other"),
            ("UPDATE runs SET head = 'summarization'", "unknown head summarization"),
        ]
        for (sql, message) in cases {
            let fresh = try ResultStore(path: temporaryDatabasePath())
            let (id, _, _) = try fresh.openRun(StoreFixtures.key(), plannedExamples: 1)
            try SQLiteDatabase(path: fresh.path, create: false).execute(sql)
            XCTAssertThrowsError(try fresh.runs()) { e in
                let line = "\(e)"
                XCTAssertTrue(line.contains("run \(id) (greedy-shape)") && line.contains(message) && line.contains(fresh.path), line)
                XCTAssertFalse(line.contains("\n"), line)
            }
        }
        XCTAssertEqual(try store.runs().map(\.id), [runId])
    }
}
