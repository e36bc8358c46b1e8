import Foundation

/// Builds attacks/tables/shape.tsv: each character's nearest glyphs in one font, by cosine of
/// blurred em-box renderings (see `GlyphFeatures`).
public struct ShapeTableBuilder {
    /// The characters rows are written for, and the only candidates for neighbours.
    public let characters: CharacterList
    public let renderer: GlyphRenderer
    public let features: GlyphFeatures
    /// Neighbours kept per character.
    public let top: Int

    public init(characters: CharacterList, renderer: GlyphRenderer, top: Int = 20) throws {
        guard top >= 1 && top < characters.characters.count else {
            throw GlyphError.invalidArgument("--top must be 1...\(characters.characters.count - 1), got \(top)")
        }
        self.characters = characters
        self.renderer = renderer
        self.features = GlyphFeatures(bitmapSize: renderer.size)
        self.top = top
    }

    /// Every character's neighbours; a character the font lacks is an error listing all such.
    public func neighbours() throws -> [(character: Unicode.Scalar, neighbours: [(Unicode.Scalar, Double)])] {
        let chars = characters.characters
        var vectors: [[Float]] = []
        vectors.reserveCapacity(chars.count)
        var missing: [String] = []
        for c in chars {
            guard let bitmap = try renderer.render(c) else { missing.append(String(c)); continue }
            vectors.append(features.vector(of: bitmap))
        }
        guard missing.isEmpty else { throw GlyphError.missingGlyphs(path: renderer.face.path, characters: missing) }
        let found = NearestGlyphs.search(vectors: vectors, dimension: features.dimension(bitmapSize: renderer.size),
                                         top: top, order: chars.map(\.value))
        return zip(chars, found).map { c, list in (c, list.map { (chars[$0.index], $0.similarity) }) }
    }

    /// The table as TSV text: source comments, the header the `ShapeTable` loader expects, rows.
    public func tsv(charactersSource: String) throws -> String {
        let face = renderer.face
        var out = """
            # source: glyphs of \(face.familyName) (\(face.version)), face \(face.faceIndex) of \(face.path), rendered with FreeType
            # licence: font SIL Open Font License 1.1 (Debian fonts-noto-cjk); characters from \(charactersSource)
            # method: em box at \(renderer.size) px, Gaussian blur sigma \(features.sigma) px, \(features.cell)x\(features.cell) mean pooling, mean-centred; cosine similarity; top \(top) per character
            # rebuild: rocbert tables shape (see README)
            char\tneighbour\tsimilarity

            """
        for (c, list) in try neighbours() {
            for (n, s) in list { out += "\(c)\t\(n)\t\(String(format: "%.4f", max(0, s)))\n" }
        }
        return out
    }
}
