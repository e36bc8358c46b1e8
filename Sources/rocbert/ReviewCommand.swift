import ArgumentParser
import Foundation
import RoCBertCore
import RoCBertReport
import RoCBertStore

/// `rocbert review`: a sheet of attacked texts for people to mark, and the import of their marks.
///
/// An attack counts only if a reader still reads the original in the attacked text; people's marks
/// are that measure, and the report's validity section shows them beside the automatic figures.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Write a sheet of successful attacks for people to mark natural or unnatural, or import a marked sheet.",
        discussion: """
            rocbert review --db DB [--suite NAME] [--per-run 20] [--seed 1] --out sheet.csv|sheet.md
            rocbert review --db DB --import sheet.csv [--reviewer NAME]
            """
    )

    @Option(help: "The results database (SQLite) that `rocbert run` wrote.")
    var db: String

    @Option(help: "Only runs of this suite (when writing a sheet).")
    var suite: String?

    @Option(help: "At most this many successful attacks per run (when writing a sheet).")
    var perRun = 20

    @Option(help: "The seed of the sample; the same seed gives the same sheet.")
    var seed: UInt64 = 1

    @Option(help: "The sheet to write: .csv to mark in a spreadsheet, .md to read.")
    var out: String?

    @Option(name: .customLong("import"), help: "A marked CSV sheet to record in the database.")
    var importSheet: String?

    @Option(help: "Who marked the sheet, for rows whose reviewer column is empty (when importing).")
    var reviewer: String?

    func validate() throws {
        if (out == nil) == (importSheet == nil) {
            throw ValidationError("give --out to write a sheet or --import to record a marked one (one of them)")
        }
        if perRun < 1 { throw ValidationError("--per-run must be at least 1") }
        if out != nil && reviewer != nil { throw ValidationError("--reviewer goes with --import") }
        if importSheet != nil && suite != nil { throw ValidationError("--suite goes with --out") }
    }

    func run() throws {
        try reportingErrors {
            if let out {
                let sheet = try ReviewFile.writeSheet(database: db, suite: suite, perRun: perRun, seed: seed, output: out)
                let runs = Set(sheet.rows.map(\.runId)).count
                print("\(out): \(sheet.rows.count) attacked text\(sheet.rows.count == 1 ? "" : "s") from \(runs) run\(runs == 1 ? "" : "s") to review")
            } else if let importSheet {
                try record(importSheet)
            }
        }
    }

    /// Records the marks of `sheet`, all or none; the report module only reads the store, so the
    /// write happens here. A row the store refuses is reported at its sheet line.
    private func record(_ sheet: String) throws {
        let marked = try ReviewFile.readMarkedSheet(sheet, reviewer: reviewer)
        let store = try ResultStore(path: db, create: false)
        let counts: (added: Int, changed: Int, unchanged: Int)
        do {
            counts = try store.recordJudgements(marked.judgements)
        } catch let StoreError.refusedJudgement(_, runId, index, problem) {
            let line = marked.line(runId: runId, exampleIndex: index)
            throw RoCBertError(line.map { "\(sheet):\($0)" } ?? sheet,
                               "example \(index) of run \(runId) in \(db): \(problem); nothing of this sheet was recorded")
        }
        let recorded = counts.added + counts.changed + counts.unchanged
        print("\(db): \(recorded) judgement\(recorded == 1 ? "" : "s") recorded from \(sheet) (\(counts.added) new, \(counts.changed) changed, "
              + "\(counts.unchanged) already recorded; \(marked.unmarkedRows) rows not yet marked)")
    }
}
