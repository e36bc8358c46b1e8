import Foundation
import RoCBertCore
import RoCBertStore

/// The files of `rocbert review`, callable without the CLI: the sheet to judge, and the marked sheet read back.
public enum ReviewFile {
    /// The form of a sheet, from its file name.
    public enum Format: Sendable {
        case csv, markdown

        /// `.csv` or `.md`; any other name is an error naming the file.
        public init(path: String) throws {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "csv": self = .csv
            case "md": self = .markdown
            default: throw RoCBertError(path, "unknown sheet format; name the file .csv (to mark and import) or .md (to read)")
            }
        }
    }

    /// Samples `database` (which must exist) and writes the sheet to `output` in the form its
    /// extension names; returns the sheet.
    @discardableResult
    public static func writeSheet(database: String, suite: String?, perRun: Int, seed: UInt64, output: String) throws -> ReviewSheet {
        let format = try Format(path: output)
        let store = try ResultStore(path: database, create: false)
        let data = try ReportData.load(store: store, suite: suite)
        if data.runs.isEmpty {
            throw RoCBertError(database, suite.map { "no runs of suite \($0)" } ?? "no runs recorded")
        }
        let sheet = ReviewSheet.sample(data: data, perRun: perRun, seed: seed)
        let url = URL(fileURLWithPath: output)
        let text = format == .csv ? sheet.csv : sheet.markdown
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw RoCBertError(output, "cannot write the sheet: \(error.localizedDescription)")
        }
        return sheet
    }

    /// The marked CSV sheet at `path`; rows without a reviewer take `reviewer`. Reading it writes
    /// nothing: the caller records its judgements in the store.
    public static func readMarkedSheet(_ path: String, reviewer: String?) throws -> MarkedSheet {
        guard try Format(path: path) == .csv else {
            throw RoCBertError(path, "only a CSV sheet can be imported; write one with --out sheet.csv and mark it")
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let missing = !FileManager.default.fileExists(atPath: path)
            throw RoCBertError(path, missing ? "no such file" : "cannot read it as UTF-8 text")
        }
        return try MarkedSheet(csv: text, file: path, reviewer: reviewer)
    }
}
