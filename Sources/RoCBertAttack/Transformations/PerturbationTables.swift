import Foundation

/// Every table a transformation reads, loaded on first use: the committed ones under
/// attacks/tables/ and the fetched ones (thesaurus, word dictionary) under data/.
public final class PerturbationTables: @unchecked Sendable {
    public let tablesDirectory: URL
    public let dataDirectory: URL
    private let lock = NSLock()
    private var cache: [String: Any] = [:]

    public init(tablesDirectory: URL, dataDirectory: URL) {
        self.tablesDirectory = tablesDirectory
        self.dataDirectory = dataDirectory
    }

    private func load<T>(_ key: String, _ make: () throws -> T) throws -> T {
        try lock.withLock {
            if let hit = cache[key] as? T { return hit }
            let value = try make()
            cache[key] = value
            return value
        }
    }

    public func pronunciation() throws -> PronunciationTable { try load("pronunciation") { try PronunciationTable(directory: tablesDirectory) } }
    public func shape() throws -> ShapeTable { try load("shape") { try ShapeTable(directory: tablesDirectory) } }
    public func visual() throws -> VisualTable { try load("visual") { try VisualTable(directory: tablesDirectory) } }
    /// visual-slip.tsv, read only when a suite names visual-slip.
    public func visualSlip() throws -> VisualTable {
        try load("visual-slip") { try VisualTable(directory: tablesDirectory, fileName: VisualTable.slipFileName) }
    }
    public func standardCharacters() throws -> StandardCharacters { try load("standard") { try StandardCharacters(directory: tablesDirectory) } }
    public func humanConfusion() throws -> HumanConfusionTable { try load("human") { try HumanConfusionTable(directory: tablesDirectory) } }
    public func decomposition() throws -> DecompositionTable { try load("decomposition") { try DecompositionTable(directory: tablesDirectory) } }
    public func traditional() throws -> TraditionalTable { try load("traditional") { try TraditionalTable(directory: tablesDirectory) } }
    public func nearHomophoneRules() throws -> NearHomophoneRules { try load("near") { try NearHomophoneRules(directory: tablesDirectory) } }
    public func thesaurus() throws -> SynonymThesaurus { try load("thesaurus") { try SynonymThesaurus(dataDirectory: dataDirectory) } }
    public func segmenter() throws -> WordSegmenter {
        try load("segmenter") { WordSegmenter(dictionary: try WordDictionary(dataDirectory: dataDirectory)) }
    }

    /// `load()` when the table `fileName` exists, nil when it is absent; a malformed one still throws,
    /// so a table that only annotates or reorders can be optional without hiding damage.
    public func ifPresent<T>(_ fileName: String, _ load: () throws -> T) throws -> T? {
        FileManager.default.fileExists(atPath: tablesDirectory.appendingPathComponent(fileName).path) ? try load() : nil
    }

    /// The transformations that need only tables, by the names suites use.
    public static let tableTransformationNames = ["homophone", "near-homophone", "pinyin", "visual", "visual-slip", "split", "traditional", "synonym"]

    /// The table-driven transformation called `name`; nil for names that need a model (masked-lm)
    /// or a checkpoint (checkpoint-homophone, checkpoint-visual).
    public func transformation(named name: String) throws -> (any Transformation)? {
        switch name {
        case "homophone":
            // The human confusion data only reorders; tables without it still give every homophone.
            return HomophoneTransformation(table: try pronunciation(), human: try ifPresent(HumanConfusionTable.fileName, humanConfusion))
        case "near-homophone": return NearHomophoneTransformation(table: try pronunciation(), rules: try nearHomophoneRules())
        case "pinyin": return PinyinTransformation(table: try pronunciation())
        case "visual": return VisualTransformation(table: try visual())
        case "visual-slip": return VisualSlipTransformation(table: try visualSlip())
        case "split": return SplitTransformation(table: try decomposition())
        case "traditional": return TraditionalTransformation(table: try traditional())
        case "synonym": return SynonymTransformation(thesaurus: try thesaurus(), segmenter: try segmenter())
        default: return nil
        }
    }
}
