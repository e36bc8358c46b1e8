import ArgumentParser
import Foundation
import RoCBertReport

/// `rocbert compare`: side-by-side metrics of chosen runs or checkpoints, as markdown on stdout.
extension ReportFile.ComparisonFormat: ExpressibleByArgument {}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Print a markdown comparison of runs (by id) or checkpoints (by name); the first is the baseline of every Δ."
    )

    @Option(help: "The results database (SQLite) that `rocbert run` wrote.")
    var db: String

    @Argument(help: "Run ids or checkpoint names (a name selects all of its runs).")
    var runs: [String]

    func validate() throws {
        if !(level > 0 && level < 1) { throw ValidationError("--level must lie in (0, 1)") }
        if runs.isEmpty { throw ValidationError("name at least one run id or checkpoint name") }
        if format == .csv && !disagreements { throw ValidationError("--format csv lists the disagreements; add --disagreements") }
    }

    @Option(help: "markdown (default), json (every figure, interval and paired test), or csv (the disagreements).")
    var format: ReportFile.ComparisonFormat = .markdown

    @Flag(help: "Also list every example one checkpoint survives and the first does not (or the reverse).")
    var disagreements = false

    @Option(help: "Confidence level of every interval and paired test, in (0, 1).")
    var level = 0.95

    func run() throws {
        try reportingErrors {
            print(try ReportFile.comparison(database: db, selectors: runs, level: level, format: format, disagreements: disagreements), terminator: "")
        }
    }
}
