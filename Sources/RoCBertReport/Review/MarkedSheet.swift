import Foundation
import RoCBertCore
import RoCBertStore

/// The judgements in a marked review sheet (CSV), each with the line it came from.
///
/// A row counts when its mark is `natural`, `unnatural`, `n` or `u` (any case, spaces around
/// ignored); a row with an empty mark is not judged yet and is skipped. The other cells are read as
/// written: the attacked text must stay the one the sheet gave, since the store refuses a mark on
/// another text. Every problem is an error `file:line: problem`.
public struct MarkedSheet: Sendable {
    /// One judgement and the sheet line its row starts on.
    public struct Entry: Equatable, Sendable {
        public var line: Int
        public var judgement: Judgement
    }

    /// The marked rows, in sheet order.
    public var entries: [Entry]
    /// Rows with an empty mark.
    public var unmarkedRows: Int

    /// Reads `text`, the contents of `file`; a row without a reviewer takes `reviewer`.
    public init(csv text: String, file: String, reviewer: String?) throws {
        let records = try CSV.parse(text, file: file)
        guard let header = records.first else {
            throw RoCBertError("\(file):1", "empty file; a review sheet starts with the header \(ReviewSheet.columns.joined(separator: ","))")
        }
        guard header.fields == ReviewSheet.columns else {
            throw RoCBertError("\(file):\(header.line)",
                               "the header is not a review sheet's: expected \(ReviewSheet.columns.joined(separator: ",")), found \(Self.quoted(header.fields.joined(separator: ",")))")
        }
        let column = Dictionary(uniqueKeysWithValues: ReviewSheet.columns.enumerated().map { ($1, $0) })
        var entries: [Entry] = []
        var unmarked = 0
        var firstLine: [String: Int] = [:]
        for record in records.dropFirst() {
            func problem(_ text: String) -> RoCBertError { RoCBertError("\(file):\(record.line)", text) }
            guard record.fields.count == ReviewSheet.columns.count else {
                throw problem("\(record.fields.count) fields; a review sheet row has \(ReviewSheet.columns.count)")
            }
            func cell(_ name: String) -> String { record.fields[column[name]!] }
            guard let mark = try Self.mark(cell("mark"), problem: problem) else {
                unmarked += 1
                continue
            }
            guard let runId = Int64(cell("run_id").trimmingCharacters(in: .whitespaces)) else {
                throw problem("run_id \(Self.quoted(cell("run_id"))) is not a run id")
            }
            guard let index = Int(cell("example_index").trimmingCharacters(in: .whitespaces)), index >= 0 else {
                throw problem("example_index \(Self.quoted(cell("example_index"))) is not an example index")
            }
            let named = cell("reviewer").trimmingCharacters(in: .whitespaces)
            guard let who = named.isEmpty ? reviewer.flatMap({ $0.isEmpty ? nil : $0 }) : named else {
                throw problem("no reviewer: fill the reviewer column or pass --reviewer")
            }
            let key = "\(runId)\u{0}\(index)\u{0}\(who)"
            if let first = firstLine[key] {
                throw problem("example \(index) of run \(runId) is marked by \(who) again (first at line \(first))")
            }
            firstLine[key] = record.line
            entries.append(Entry(line: record.line, judgement: Judgement(runId: runId, exampleIndex: index, attackedText: cell("attacked_text"),
                                                                        mark: mark, reviewer: who)))
        }
        self.entries = entries
        unmarkedRows = unmarked
    }

    /// The judgements, in sheet order.
    public var judgements: [Judgement] { entries.map(\.judgement) }

    /// The line of the first row marking example `exampleIndex` of run `runId`.
    public func line(runId: Int64, exampleIndex: Int) -> Int? {
        entries.first { $0.judgement.runId == runId && $0.judgement.exampleIndex == exampleIndex }?.line
    }

    /// The stored mark for a cell; nil for an empty one.
    private static func mark(_ cell: String, problem: (String) -> RoCBertError) throws -> String? {
        switch cell.trimmingCharacters(in: .whitespaces).lowercased() {
        case "": return nil
        case "natural", "n": return Judgement.natural
        case "unnatural", "u": return Judgement.unnatural
        default: throw problem("mark \(quoted(cell)) is not natural, unnatural, n, u or empty")
        }
    }

    /// A cell in quotes on one line, shortened, for an error message.
    private static func quoted(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "⏎")
        return "\"" + (flat.count > 60 ? flat.prefix(60) + "…" : flat) + "\""
    }
}
