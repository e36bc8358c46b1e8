/// Why a font, a glyph or a character list could not be used; each names the file it is about.
public enum GlyphError: Error, Equatable, CustomStringConvertible {
    case fontNotFound(path: String)
    case fontUnreadable(path: String, reason: String)
    case faceNotFound(path: String, family: String, available: [String])
    case renderFailed(path: String, character: String, reason: String)
    case missingGlyphs(path: String, characters: [String])
    case charsFileNotFound(path: String)
    case malformedCharsFile(path: String, line: Int, reason: String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .fontNotFound(let path):
            return "\(path): font file not found (Debian package fonts-noto-cjk, or pass --font)"
        case .fontUnreadable(let path, let reason):
            return "\(path): cannot open as a font: \(reason)"
        case .faceNotFound(let path, let family, let available):
            return "\(path): no face with family name \"\(family)\" (faces: \(available.joined(separator: ", ")))"
        case .renderFailed(let path, let character, let reason):
            return "\(path): cannot render \(character): \(reason)"
        case .missingGlyphs(let path, let characters):
            let shown = characters.prefix(10).joined(separator: " ")
            let more = characters.count > 10 ? " and \(characters.count - 10) more" : ""
            return "\(path): no glyph for \(characters.count) characters: \(shown)\(more)"
        case .charsFileNotFound(let path):
            return "\(path): characters file not found"
        case .malformedCharsFile(let path, let line, let reason):
            return "\(path):\(line): \(reason)"
        case .invalidArgument(let message):
            return message
        }
    }
}
