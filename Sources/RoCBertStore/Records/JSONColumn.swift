import Foundation

/// How the JSON-valued columns (scores, extra metrics) are written and read back.
enum JSONColumn {
    /// Sorted keys so the same value is always the same text; non-finite numbers as strings
    /// because a NaN score must round-trip rather than fail the whole record.
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, file: String, what: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptValue(file: file, detail: "\(what) is not valid JSON of the expected shape: \(text.prefix(80))")
        }
    }
}
