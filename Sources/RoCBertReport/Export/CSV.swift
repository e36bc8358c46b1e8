import RoCBertCore

/// RFC 4180 comma-separated values: what a spreadsheet writes and reads back.
///
/// Fields holding a comma, a quote or a line break are quoted with their quotes doubled; records
/// end in CRLF. The reader takes CRLF or LF, a leading byte-order mark (spreadsheets save one), and
/// keeps every field's text exactly, line breaks inside quotes included, so an attacked text comes
/// back as it was written.
enum CSV {
    /// One record with its 1-based line number in the file (the line it starts on).
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    /// `fields` as one record, CRLF-terminated.
    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A field, quoted when it has to be.
    static func field(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// Every non-blank record of `text`; a malformed one is an error `file:line: problem`.
    static func parse(_ text: String, file: String) throws -> [Record] {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, recordLine = 1, quoteLine = 1
        var inQuotes = false, closedQuote = false
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            closedQuote = false
        }
        func endRecord() {
            endField()
            if fields != [""] { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            let next = i + 1 < scalars.count ? scalars[i + 1] : nil
            i += 1
            if inQuotes {
                if c == "\"" {
                    if next == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                        closedQuote = true
                    }
                    continue
                }
                // A line break inside quotes is part of the field; CRLF counts as one line.
                if c == "\n" || (c == "\r" && next != "\n") { line += 1 }
                field.append(c)
                continue
            }
            switch c {
            case ",":
                endField()
            case "\r", "\n":
                if c == "\r" && next == "\n" { i += 1 }
                endRecord()
                line += 1
                recordLine = line
            case "\"" where field.isEmpty && !closedQuote:
                inQuotes = true
                quoteLine = line
            case "\"" where !closedQuote:
                throw RoCBertError("\(file):\(line)", "a quote inside an unquoted field (quote the whole field and double the quotes in it)")
            default:
                if closedQuote {
                    throw RoCBertError("\(file):\(line)", "text after a field's closing quote (double a quote that belongs to the field)")
                }
                field.append(c)
            }
        }
        if inQuotes { throw RoCBertError("\(file):\(quoteLine)", "a quoted field is never closed") }
        if !field.isEmpty || closedQuote || !fields.isEmpty { endRecord() }
        return records
    }
}
