import Foundation
import RoCBertCore
import RoCBertStore

/// What `rocbert report` and `rocbert compare` do, callable without the CLI.
public enum ReportFile {
    /// Reads `database` (which must exist) and writes the report to `output` with its charts; returns the files written.
    @discardableResult
    public static func writeReport(database: String, suite: String?, output: URL, level: Double = 0.95) throws -> [URL] {
        let store = try ResultStore(path: database, create: false)
        let data = try ReportData.load(store: store, suite: suite)
        if data.runs.isEmpty {
            throw RoCBertError(database, suite.map { "no runs of suite \($0)" } ?? "no runs recorded")
        }
        var report = MarkdownReport(data: data)
        report.level = level
        return try report.write(to: output)
    }

    /// The comparison of the selected runs as markdown (no chart links).
    public static func comparison(database: String, selectors: [String], level: Double = 0.95) throws -> String {
        let store = try ResultStore(path: database, create: false)
        var report = MarkdownReport(data: try ReportData.load(store: store, selectors: selectors),
                                    title: "Comparison: " + selectors.joined(separator: ", "))
        report.detailed = false
        report.level = level
        return report.markdown()
    }
}
