import ArgumentParser
import Foundation
import RoCBertReport

/// `rocbert report`: the markdown report (and SVG charts) of every run in a results database.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a markdown report (with SVG charts beside it) comparing the checkpoints in a results database."
    )

    @Option(help: "The results database (SQLite) that `rocbert run` wrote.")
    var db: String

    @Option(help: "Only runs of this suite.")
    var suite: String?

    @Option(help: "The markdown file to write; charts go beside it. Default: reports/<suite>.md.")
    var out: String?

    @Option(help: "Confidence level of every interval and paired test, in (0, 1).")
    var level = 0.95

    func validate() throws {
        if !(level > 0 && level < 1) { throw ValidationError("--level must lie in (0, 1)") }
    }

    func run() throws {
        try reportingErrors {
            let output = URL(fileURLWithPath: out ?? "reports/\(suite ?? "report").md")
            for file in try ReportFile.writeReport(database: db, suite: suite, output: output, level: level) {
                print(file.path)
            }
        }
    }
}
