import Foundation
import XCTest

/// Runs the built `rocbert report` / `rocbert compare`.
final class ReportCLITests: XCTestCase {
    static var executable: URL {
        // The test bundle (macOS) or test executable (Linux) sits beside `rocbert` in the build products folder.
        let candidates = [
            Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ].compactMap { $0 }.map { $0.appendingPathComponent("rocbert") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    struct Result { let status: Int32; let stdout: String; let stderr: String }

    static func run(_ arguments: [String]) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func testAnOutputThatIsAFolderOrUnwritableIsOneLine() throws {
        let db = try ReportFixtures.makeDatabase(in: temporaryDirectory())
        let folder = temporaryDirectory()
        let r = try Self.run(["report", "--db", db, "--out", folder.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "rocbert: \(folder.path): is a folder; give the report's file name, e.g. \(folder.appendingPathComponent("report.md").path)\n")
        let blocked = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocked)
        let under = try Self.run(["report", "--db", db, "--out", blocked.appendingPathComponent("r.md").path])
        XCTAssertEqual(under.status, 1)
        XCTAssertTrue(under.stderr.hasPrefix("rocbert: \(blocked.path): cannot create the report's folder"), under.stderr)
        XCTAssertFalse(under.stderr.contains("NSCocoaErrorDomain"), under.stderr)
        XCTAssertEqual(under.stderr.split(separator: "\n").count, 1, under.stderr)
    }

    func testALevelOutsideZeroToOneIsRefused() throws {
        let db = try ReportFixtures.makeDatabase(in: temporaryDirectory())
        for command in [["report", "--db", db, "--out", temporaryDirectory().appendingPathComponent("r.md").path], ["compare", "--db", db, "base"]] {
            for level in ["0", "1", "1.5"] {
                let r = try Self.run(command + ["--level", level])
                XCTAssertNotEqual(r.status, 0, "\(command[0]) --level \(level)")
                XCTAssertTrue(r.stderr.contains("--level must lie in (0, 1)"), r.stderr)
            }
        }
        let ok = try Self.run(["compare", "--db", db, "base", "robust", "--level", "0.9"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.contains("90% interval of Δ"), ok.stdout)
    }

    func testReportWritesTheFileAndExitsZero() throws {
        let folder = temporaryDirectory()
        let db = try ReportFixtures.makeDatabase(in: folder)
        let out = folder.appendingPathComponent("reports/demo.md")
        let r = try Self.run(["report", "--db", db, "--suite", "demo", "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports/demo-accuracy.svg").path))
        XCTAssertTrue(r.stdout.contains(out.path))
    }

    func testCompareprintsMarkdown() throws {
        let folder = temporaryDirectory()
        let db = try ReportFixtures.makeDatabase(in: folder)
        let r = try Self.run(["compare", "--db", db, "base", "robust"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("# Comparison: base, robust\n"), r.stdout)
    }

    func testAMissingDatabaseIsOneLineAndNonZeroAndNotCreated() throws {
        let folder = temporaryDirectory()
        let missing = folder.appendingPathComponent("absent.sqlite").path
        for args in [["report", "--db", missing, "--out", folder.appendingPathComponent("r.md").path], ["compare", "--db", missing, "1"]] {
            let r = try Self.run(args)
            XCTAssertNotEqual(r.status, 0)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains(missing) && r.stderr.contains("no such database"), r.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
        }
    }

    func testAnUnknownSuiteIsOneLineAndNonZero() throws {
        let folder = temporaryDirectory()
        let db = try ReportFixtures.makeDatabase(in: folder)
        let r = try Self.run(["report", "--db", db, "--suite", "nope", "--out", folder.appendingPathComponent("r.md").path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "rocbert: \(db): no runs of suite nope\n")
    }
}
