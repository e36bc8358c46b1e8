/// Escaping of arbitrary text (data set sentences, names) for markdown.
enum MarkdownText {
    private static let special: Set<Character> = ["\\", "`", "*", "_", "~", "[", "]", "<", ">", "#", "|", "!"]

    /// Text shown literally in running markdown or a table cell, on one line.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "\n" || c == "\r\n" || c == "\r" {
                out += "⏎"
            } else if special.contains(c) {
                out += "\\" + String(c)
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Text inside a code span (JSON values, ids) outside tables; a code span cannot escape a backtick, so it is swapped.
    static func code(_ text: String) -> String {
        "`" + text.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " ") + "`"
    }
}
