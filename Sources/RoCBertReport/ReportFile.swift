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

    /// How `rocbert compare` prints.
    public enum ComparisonFormat: String, CaseIterable, Sendable {
        case markdown, json, csv
    }

    /// The comparison of the selected runs: markdown (no chart links; every disagreement with
    /// `disagreements`), the JSON document, or the disagreements as CSV.
    public static func comparison(database: String, selectors: [String], level: Double = 0.95, format: ComparisonFormat = .markdown,
                                  disagreements: Bool = false) throws -> String {
        let store = try ResultStore(path: database, create: false)
        var report = MarkdownReport(data: try ReportData.load(store: store, selectors: selectors),
                                    title: "Comparison: " + selectors.joined(separator: ", "))
        report.detailed = false
        report.level = level
        switch format {
        case .markdown:
            report.maxDisagreements = .max
            return report.markdown() + (disagreements && report.data.checkpoints.count > 1 ? report.disagreementSection() : "")
        case .json:
            return ComparisonDocument(report, disagreements: disagreements).json
        case .csv:
            return ComparisonDocument(report, disagreements: true).disagreementsCSV
        }
    }
}
