import Foundation
import RoCBert
import RoCBertAttack
import RoCBertCore

/// Reads a suite's data set whole and checks every line before anything runs, so a bad line stops
/// the suite with an error naming it instead of leaving a half-written run.
public enum DatasetLoader {
    /// A bad data file: the file, the 1-based line, the problem.
    public struct LineError: Error, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let problem: String
        public var description: String { line > 0 ? "\(file):\(line): \(problem)" : "\(file): \(problem)" }
    }

    /// Every example the spec selects, in file order (a seeded sample when `seed` is set).
    public static func load(_ spec: DatasetSpec, task: AttackTask) throws -> [DatasetExample] {
        let file = spec.path.path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw LineError(file: file, line: 0, problem: "cannot read the data file")
        }
        var rows: [(line: Int, fields: [String: JSONValue])] = []
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        var header: [String]?
        for (i, raw) in lines.enumerated() {
            let number = i + 1
            var bytes = Array(raw)
            if bytes.last == 0x0D { bytes.removeLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard let line = String(validating: bytes, as: UTF8.self) else {
                throw LineError(file: file, line: number, problem: "not valid UTF-8")
            }
            switch spec.format {
            case .jsonl:
                let value: JSONValue
                do { value = try JSONValue.parse(Data(bytes), source: file) } catch {
                    throw LineError(file: file, line: number, problem: "not a JSON object (\((error as? RoCBertError)?.problem ?? "\(error)"))")
                }
                guard let o = value.object else { throw LineError(file: file, line: number, problem: "not a JSON object") }
                rows.append((number, o))
            case .csv, .tsv:
                let cells = spec.format == .tsv ? line.components(separatedBy: "\t") : try csvCells(line, file: file, line: number)
                guard let h = header else { header = cells; continue }
                guard cells.count == h.count else {
                    throw LineError(file: file, line: number, problem: "\(cells.count) fields where the header has \(h.count)")
                }
                rows.append((number, Dictionary(zip(h, cells.map { JSONValue.string($0) }), uniquingKeysWith: { a, _ in a })))
            }
        }
        var examples = try rows.enumerated().map { index, row in try example(row.fields, index: index, line: row.line, spec: spec, task: task) }
        if let limit = spec.limit, limit < examples.count {
            if let seed = spec.seed {
                var g = SplitMix64(seed: seed)
                examples = Array(examples.shuffled(using: &g).prefix(limit)).sorted { $0.index < $1.index }
            } else {
                examples = Array(examples.prefix(limit))
            }
        }
        if examples.isEmpty { throw LineError(file: file, line: 0, problem: "no examples") }
        return examples
    }

    private static func example(_ f: [String: JSONValue], index: Int, line: Int, spec: DatasetSpec, task: AttackTask) throws -> DatasetExample {
        let file = spec.path.path
        func fail(_ m: String) -> LineError { LineError(file: file, line: line, problem: m) }
        func string(_ key: String) throws -> String? {
            switch f[key] {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case .int(let i)?: return String(i)
            case .double(let d)?: return String(d)
            default: throw fail("field \(key) must be a string")
            }
        }
        func strings(_ key: String) throws -> [String]? {
            switch f[key] {
            case nil, .null?: return nil
            case .array(let a)?: return try a.map { v in guard case .string(let s) = v else { throw fail("field \(key) must be a list of strings") }; return s }
            case .string(let s)?:
                // CSV/TSV cells hold lists as JSON or as space-separated words.
                if let v = try? JSONValue.parse(Data(s.utf8), source: file), case .array = v { return try strings(fromJSON: v, key) }
                return s.split(separator: " ").map(String.init)
            default: throw fail("field \(key) must be a list of strings")
            }
        }
        func strings(fromJSON v: JSONValue, _ key: String) throws -> [String] {
            try (v.array ?? []).map { e in guard case .string(let s) = e else { throw fail("field \(key) must be a list of strings") }; return s }
        }
        guard let text = try string(spec.textField) else { throw fail("field \(spec.textField) is missing") }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw fail("field \(spec.textField) is empty") }
        let length = text.unicodeScalars.count
        if length > spec.maxTextChars {
            throw fail("field \(spec.textField) has \(length) characters, more than the data set's max_text_chars (\(spec.maxTextChars))")
        }
        try checkUnnamedFields(f, spec: spec, task: task, line: line)
        var e = DatasetExample(index: index, id: try string(spec.idField) ?? String(index), text: text)
        e.line = line
        if let p = spec.pairField { e.pair = try string(p) }
        e.protected = try strings(spec.protectedField) ?? []
        switch task {
        case .sequenceClassification, .multipleChoice:
            // Predictions need no gold label, so a data file's own label names are not checked then.
            if spec.labelsRequired, let raw = try string(spec.labelField) {
                if let names = spec.labelNames, let i = names.firstIndex(of: raw) {
                    e.label = i
                } else if let i = Int(raw), i >= 0 {
                    e.label = i
                } else {
                    throw fail("label \"\(raw)\" is neither a class index nor one of the suite's labels")
                }
            } else if spec.labelsRequired {
                throw fail("field \(spec.labelField) is missing")
            }
            if task == .multipleChoice {
                e.choices = try strings(spec.choicesField) ?? []
                guard e.choices.count >= 2 else { throw fail("field \(spec.choicesField) needs at least two choices") }
                if let label = e.label, label >= e.choices.count { throw fail("label \(label) is beyond the \(e.choices.count) choices") }
            }
        case .tokenClassification:
            e.tags = try strings(spec.tagsField) ?? []
            guard e.tags.count == text.unicodeScalars.count || (e.tags.isEmpty && !spec.labelsRequired) else {
                throw fail("field \(spec.tagsField) has \(e.tags.count) tags for \(text.unicodeScalars.count) characters")
            }
        case .questionAnswering:
            guard let q = try string(spec.questionField), !q.isEmpty else { throw fail("field \(spec.questionField) is missing") }
            e.question = q
            guard let a = try string(spec.answerField), !a.isEmpty else {
                if spec.labelsRequired { throw fail("field \(spec.answerField) is missing") }
                break
            }
            e.answer = a
            let scalars = Array(text.unicodeScalars)
            let start = try string(spec.answerStartField).flatMap { Int($0) } ?? {
                // Without a start, the first occurrence of the answer.
                guard let r = text.range(of: a) else { return -1 }
                return text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: r.lowerBound)
            }()
            let answerScalars = Array(a.unicodeScalars)
            guard start >= 0, start + answerScalars.count <= scalars.count, Array(scalars[start..<(start + answerScalars.count)]) == answerScalars else {
                throw fail("answer \"\(a)\" is not at \(spec.answerStartField) \(start) of the text")
            }
            e.answerStart = start
        case .maskedLM:
            guard text.contains("[MASK]") else { throw fail("masked-LM examples need at least one [MASK] in the text") }
            e.answer = try string(spec.labelField)
        }
        return e
    }

    /// Splits one CSV line (RFC 4180 quoting; fields with line breaks are not supported).
    static func csvCells(_ line: String, file: String, line number: Int) throws -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { cell.append("\""); i += 1 } else { quoted = false }
                } else { cell.append(c) }
            } else if c == "\"" && cell.isEmpty {
                quoted = true
            } else if c == "," {
                cells.append(cell); cell = ""
            } else {
                cell.append(c)
            }
            i += 1
        }
        if quoted { throw LineError(file: file, line: number, problem: "unterminated quoted field") }
        cells.append(cell)
        return cells
    }
}
