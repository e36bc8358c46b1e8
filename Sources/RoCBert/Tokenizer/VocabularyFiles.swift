import Foundation
import RoCBertCore

/// Readers and writers for the three tokenizer files, byte-compatible with the reference.
enum VocabularyFiles {
    static func readText(_ url: URL) throws -> String {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TokenizerError.missingFile(path: url.path)
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TokenizerError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw TokenizerError.unreadableFile(path: url.path, reason: "not valid UTF-8")
        }
        return text
    }

    /// Lines as Python's `readlines()` in text mode gives them: "\n", "\r\n" and "\r" end a line.
    static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var pendingCR = false
        var sawAny = false
        for s in text.unicodeScalars {
            sawAny = true
            if pendingCR {
                pendingCR = false
                if s == "\n" { continue }
            }
            if s == "\n" || s == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
                pendingCR = s == "\r"
            } else {
                current.append(s)
            }
        }
        if sawAny && !current.isEmpty { lines.append(String(current)) }
        return lines
    }

    /// vocab.txt: one token per line, id = line number from 0.
    static func readVocab(_ url: URL) throws -> [String] {
        let tokens = lines(of: try readText(url))
        if tokens.isEmpty { throw TokenizerError.unreadableFile(path: url.path, reason: "the vocabulary is empty") }
        var seen: [ExactString: Int] = [:]
        for (i, token) in tokens.enumerated() {
            // The reference silently keeps the later id and loses the earlier; refuse instead.
            if seen.updateValue(i, forKey: ExactString(token)) != nil {
                throw TokenizerError.duplicateToken(path: url.path, token: token, line: i + 1)
            }
        }
        return tokens
    }

    /// A flat JSON object of token → integer id, in file order (the order `save` writes back).
    static func readIdTable(_ url: URL) throws -> [(String, Int)] {
        do {
            var parser = FlatJSONParser(text: try readText(url))
            return try parser.parseObject()
        } catch let error as FlatJSONParser.Failure {
            throw TokenizerError.malformedJSON(path: url.path, reason: error.message)
        }
    }

    /// Writes `table` as `json.dump(..., ensure_ascii=False, indent=4, separators=(", ", ": "))` does.
    static func jsonText(_ table: [(String, Int)]) -> String {
        if table.isEmpty { return "{}" }
        var out = "{\n"
        for (i, (key, value)) in table.enumerated() {
            out += "    " + CanonicalJSON.quote(key) + ": " + String(value)
            out += i + 1 < table.count ? ", \n" : "\n"
        }
        return out + "}"
    }
}

/// Parses `{"token": 12, ...}` exactly, keeping keys as written (no Unicode normalisation) and in order.
struct FlatJSONParser {
    struct Failure: Error { let message: String }

    private let scalars: [Unicode.Scalar]
    private var i = 0

    init(text: String) { scalars = Array(text.unicodeScalars) }

    mutating func parseObject() throws -> [(String, Int)] {
        skipSpace()
        try expect("{", "expected an object")
        var order: [(String, Int)] = []
        var position: [ExactString: Int] = [:]
        skipSpace()
        if peek() == "}" {
            i += 1
        } else {
            while true {
                skipSpace()
                let key = try parseString()
                skipSpace()
                try expect(":", "expected ':' after key \(key.debugDescription)")
                skipSpace()
                let value = try parseInteger(for: key)
                // Like Python's dict: a repeated key keeps its first place and its last value.
                if let at = position[ExactString(key)] {
                    order[at].1 = value
                } else {
                    position[ExactString(key)] = order.count
                    order.append((key, value))
                }
                skipSpace()
                if peek() == "," { i += 1; continue }
                try expect("}", "expected ',' or '}'")
                break
            }
        }
        skipSpace()
        if i < scalars.count { throw fail("unexpected text after the object") }
        return order
    }

    private func peek() -> Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }

    private func fail(_ message: String) -> Failure {
        Failure(message: "\(message) at character \(min(i, scalars.count))")
    }

    private mutating func expect(_ c: Unicode.Scalar, _ message: String) throws {
        guard peek() == c else { throw fail(message) }
        i += 1
    }

    private mutating func skipSpace() {
        while let c = peek(), c == " " || c == "\n" || c == "\r" || c == "\t" { i += 1 }
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= scalars.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = Int(String(scalars[i]), radix: 16) else { throw fail("bad \\u escape") }
            v = v * 16 + UInt32(d)
            i += 1
        }
        return v
    }

    private mutating func parseString() throws -> String {
        try expect("\"", "expected a string key")
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw fail("unterminated string") }
            i += 1
            if c == "\"" { break }
            if c.value < 0x20 { throw fail("control character in string") }
            if c != "\\" { out.append(c); continue }
            guard let e = peek() else { throw fail("unterminated escape") }
            i += 1
            switch e {
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "/": out.append("/")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "u":
                var v = try hex4()
                if (0xD800...0xDBFF).contains(v), peek() == "\\", i + 1 < scalars.count, scalars[i + 1] == "u" {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                    }
                }
                guard let scalar = Unicode.Scalar(v) else { throw fail("lone surrogate \\u escape") }
                out.append(scalar)
            default:
                throw fail("invalid escape \\\(e)")
            }
        }
        return String(out)
    }

    private mutating func parseInteger(for key: String) throws -> Int {
        let start = i
        if peek() == "-" { i += 1 }
        while let c = peek(), ("0"..."9").contains(c) { i += 1 }
        if let c = peek(), c == "." || c == "e" || c == "E" {
            throw fail("value of \(key.debugDescription) is not an integer")
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[start..<i])
        guard let value = Int(text) else { throw fail("value of \(key.debugDescription) is not an integer") }
        return value
    }
}
