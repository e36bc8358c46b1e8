import Foundation

/// Character classes exactly as the reference (Python 3.11, Unicode 14.0) computes them.
///
/// The Swift runtime ships a newer Unicode; scalars assigned after 14.0 are unassigned ("Cn")
/// to Python, so the reference drops them as control characters. We reproduce that.
enum PythonUnicode {
    /// Unicode version of the reference's `unicodedata`.
    static let referenceVersion = (major: 14, minor: 0)

    static func isAssignedInReference(_ s: Unicode.Scalar) -> Bool {
        guard let age = s.properties.age else { return false }
        return age.major < referenceVersion.major
            || (age.major == referenceVersion.major && age.minor <= referenceVersion.minor)
    }

    /// `_is_control`: category C*, except tab, newline and carriage return.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v == 0x09 || v == 0x0A || v == 0x0D { return false }
        if v < 0x20 || v == 0x7F { return true }
        if v < 0x80 || isCommonIdeograph(v) { return false }
        if !isAssignedInReference(s) { return true }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// `_is_whitespace`: space, tab, newline, carriage return, or category Zs.
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D { return true }
        if v < 0x80 || isCommonIdeograph(v) { return false }
        return isAssignedInReference(s) && s.properties.generalCategory == .spaceSeparator
    }

    /// `_is_punctuation`: non-alphanumeric printable ASCII, or category P*.
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        if v < 0x80 || isCommonIdeograph(v) || !isAssignedInReference(s) { return false }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// CJK Unified Ideographs, all assigned by Unicode 14 and all category Lo: the hot path.
    @inline(__always)
    static func isCommonIdeograph(_ v: UInt32) -> Bool { v >= 0x4E00 && v <= 0x9FFF }

    /// `_is_chinese_char`: the CJK ideograph blocks the reference spaces out.
    static func isChineseChar(_ s: Unicode.Scalar) -> Bool {
        let cp = s.value
        return (0x4E00...0x9FFF).contains(cp) || (0x3400...0x4DBF).contains(cp)
            || (0x20000...0x2A6DF).contains(cp) || (0x2A700...0x2B73F).contains(cp)
            || (0x2B740...0x2B81F).contains(cp) || (0x2B820...0x2CEAF).contains(cp)
            || (0xF900...0xFAFF).contains(cp) || (0x2F800...0x2FA1F).contains(cp)
    }

    /// `str.isspace`, which `str.split()` and `str.strip()` use.
    static func isPythonSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029,
             0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Category Mn, the marks accent stripping removes.
    static func isNonspacingMark(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x300 { return false }
        return isAssignedInReference(s) && s.properties.generalCategory == .nonspacingMark
    }

    /// `str.lower()` of a single character (full case mapping, no context).
    static func appendLowercased(_ s: Unicode.Scalar, to out: inout [Unicode.Scalar]) {
        let v = s.value
        if v < 0x80 {
            if v >= 0x41 && v <= 0x5A { out.append(Unicode.Scalar(v + 32)!) } else { out.append(s) }
            return
        }
        if (0x4E00...0x9FFF).contains(v) || !s.properties.changesWhenLowercased {
            out.append(s)
            return
        }
        out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
    }

    /// Scalars that neither change under NFC nor combine with a neighbour under NFC. U+2010-2027
    /// (dashes, quotation marks, the ellipsis) sent one review in fourteen down the slow path.
    static func isNFCInert(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x300 || (0x4E00...0x9FFF).contains(v) || (0x3000...0x3029).contains(v)
            || (0xFF01...0xFFEF).contains(v) || (0x2010...0x2027).contains(v)
    }

    /// Scalars that Python's `str.lower()` and NFD both leave alone, and that are no combining
    /// marks: a word of them is its own lower-cased, accent-stripped form (checked over every such
    /// scalar by `testCaseAndAccentInertScalarsAreLeftAloneByLowerCasingAndNFD`, and against Python 3).
    static func isCaseAndAccentInert(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v < 0x41 || v > 0x5A }
        return isNFDInert(s) && !(0xFF21...0xFF3A).contains(v)
    }

    /// Scalars that NFD leaves alone.
    static func isNFDInert(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0xC0 || (0x4E00...0x9FFF).contains(v) || (0x3000...0x3029).contains(v)
            || (0xFF01...0xFFEF).contains(v) || (0x2010...0x2027).contains(v)
    }
}
