import Foundation

/// Where a suite's examples come from and which fields hold what.
public struct DatasetSpec: Sendable, Equatable {
    public enum Format: String, Sendable { case jsonl, csv, tsv }

    public var path: URL
    public var format: Format
    public var textField = "text"
    public var pairField: String?
    /// `pair: null` in the suite: the data's second segment is left out on purpose, so its presence
    /// is no error (see `DatasetLoader.checkUnnamedFields`).
    public var pairDeclined = false
    public var labelField = "label"
    /// The id field; examples without one are named by their position.
    public var idField = "id"
    /// Multiple choice: the field with the list of choices.
    public var choicesField = "choices"
    /// Token classification: the field with one tag per character.
    public var tagsField = "tags"
    /// QA: the question field and the answer's text and start (characters into the text).
    public var questionField = "question"
    public var answerField = "answer"
    public var answerStartField = "answer_start"
    /// Optional per-example list of strings the attack must leave alone.
    public var protectedField = "protected"
    /// Class names in index order, for data sets whose labels are names.
    public var labelNames: [String]?
    /// Examples to use; with `seed` they are a seeded sample, without it the first ones.
    public var limit: Int?
    /// Longest text (Unicode scalars) a data line may hold: attack cost grows with length, so a
    /// text past it is an error naming its line rather than a run that never ends.
    public var maxTextChars = 10_000
    public var seed: UInt64?
    /// Attacks need gold labels; `rocbert predict` does not.
    public var labelsRequired = true

    /// A data file read with the default field names (format from its extension); a `pair` field is
    /// the second segment, so `rocbert predict` on pair data feeds the model both segments.
    public init(path: URL, labelsRequired: Bool = true) {
        self.path = path
        pairField = "pair"
        let ext = path.pathExtension.lowercased()
        format = Format(rawValue: ext == "json" ? "jsonl" : ext) ?? .jsonl
        self.labelsRequired = labelsRequired
    }

    init(_ y: YAMLReader, resolve: (String) -> URL) throws {
        try y.onlyKeys(["path", "format", "text", "pair", "label", "id", "choices", "tags", "question", "answer", "answer_start", "protected", "labels", "limit", "seed", "max_text_chars"])
        let p = try y.required("path").string()
        path = resolve(p)
        let ext = path.pathExtension.lowercased()
        let guessed = Format(rawValue: ext == "json" ? "jsonl" : ext) ?? .jsonl
        format = try y.choice("format", ["jsonl": Format.jsonl, "csv": .csv, "tsv": .tsv], default: guessed)
        textField = try y.string("text") ?? textField
        pairField = try y.string("pair")
        pairDeclined = y.keys.contains("pair") && pairField == nil
        labelField = try y.string("label") ?? labelField
        idField = try y.string("id") ?? idField
        choicesField = try y.string("choices") ?? choicesField
        tagsField = try y.string("tags") ?? tagsField
        questionField = try y.string("question") ?? questionField
        answerField = try y.string("answer") ?? answerField
        answerStartField = try y.string("answer_start") ?? answerStartField
        protectedField = try y.string("protected") ?? protectedField
        labelNames = try y.strings("labels")
        if let l = try y.int("limit") {
            guard l >= 1 else { throw y.fail("must be at least 1", "limit") }
            limit = l
        }
        seed = try y.int("seed").map { UInt64(bitPattern: Int64($0)) }
        if let m = try y.int("max_text_chars") {
            guard m >= 1 else { throw y.fail("must be at least 1", "max_text_chars") }
            maxTextChars = m
        }
    }
}
