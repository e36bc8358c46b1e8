import Foundation
import XCTest
@testable import RoCBertStore

/// Errors collected from worker threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ e: Error) { lock.lock(); items.append("\(e)"); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

final class ConcurrentWriterTests: XCTestCase {
    /// Two threads, each with its own connection, 200 records each into one file.
    private func writeConcurrently(sameRun: Bool) throws -> String {
        let path = temporaryDatabasePath()
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            do {
                let store = try ResultStore(path: path)
                let key = StoreFixtures.key(checkpointHash: sameRun ? "shared" : "writer-\(writer)")
                let (runId, _, _) = try store.openRun(key, plannedExamples: sameRun ? 400 : 200)
                for i in 0..<200 {
                    var r = StoreFixtures.fullRecord(index: sameRun ? 2 * i + writer : i)
                    r.exampleId = "w\(writer)-\(i)"
                    try store.record(r, runId: runId)
                }
            } catch {
                failures.add(error)
            }
        }
        XCTAssertEqual(failures.all, [])
        return path
    }

    func testTwoWritersIntoTwoRunsBothComplete() throws {
        let path = try writeConcurrently(sameRun: false)
        let store = try ResultStore(path: path)
        let runs = try store.runs()
        XCTAssertEqual(runs.count, 2)
        XCTAssertEqual(runs.map(\.recordedExamples), [200, 200])
        for run in runs {
            let records = try store.records(runId: run.id)
            XCTAssertEqual(records.map(\.exampleIndex), Array(0..<200))
            XCTAssertTrue(records.allSatisfy { $0.perturbations.count == 2 })
        }
    }

    func testTwoWritersIntoOneRunBothComplete() throws {
        let path = try writeConcurrently(sameRun: true)
        let store = try ResultStore(path: path)
        let runs = try store.runs()
        XCTAssertEqual(runs.count, 1, "both writers opened the same run")
        let records = try store.records(runId: runs[0].id)
        XCTAssertEqual(records.map(\.exampleIndex), Array(0..<400))
        XCTAssertEqual(Set(records.map(\.exampleId)).count, 400)
    }

    #if os(Linux)
    /// Two OS processes (this test binary re-run on the helper below), each recording 200 examples.
    func testTwoProcessesWritingIntoOneDatabaseBothComplete() throws {
        let path = temporaryDatabasePath()
        let writers = try (0..<2).map { writer -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            p.arguments = ["RoCBertStoreTests.ConcurrentWriterTests/testWriterProcessHelper"]
            p.environment = ProcessInfo.processInfo.environment.merging(["ROCBERT_WRITER_DB": path, "ROCBERT_WRITER_ID": "\(writer)"]) { $1 }
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in writers { p.waitUntilExit() }
        XCTAssertEqual(writers.map(\.terminationStatus), [0, 0])
        let store = try ResultStore(path: path)
        let runs = try store.runs()
        XCTAssertEqual(runs.count, 1)
        XCTAssertEqual(try store.records(runId: runs[0].id).map(\.exampleIndex), Array(0..<400))
    }
    #endif

    /// Does nothing unless started by the two-process test with ROCBERT_WRITER_DB set.
    func testWriterProcessHelper() throws {
        let env = ProcessInfo.processInfo.environment
        guard let path = env["ROCBERT_WRITER_DB"], let writer = Int(env["ROCBERT_WRITER_ID"] ?? "") else { return }
        let store = try ResultStore(path: path)
        let (runId, _, _) = try store.openRun(StoreFixtures.key(checkpointHash: "shared"), plannedExamples: 400)
        for i in 0..<200 { try store.record(StoreFixtures.fullRecord(index: 2 * i + writer), runId: runId) }
    }
}
