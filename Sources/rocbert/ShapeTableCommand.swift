import ArgumentParser
import Foundation
import RoCBertGlyphs

/// `rocbert tables shape`: attacks/tables/shape.tsv from a CJK font through FreeType.
struct ShapeTableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shape",
        abstract: "Render every listed character with FreeType and write each one's nearest glyphs (shape.tsv)."
    )

    @Option(help: "Characters to cover (TSV with a `char` column).")
    var chars = "attacks/tables/standard-chars.tsv"

    // Noto Sans CJK SC: WenQuanYi Zen Hei draws 己 and 已 far apart, so the font is not a detail.
    @Option(help: "Font file (a .ttc collection is searched by --family).")
    var font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

    @Option(help: "Family name of the face to use.")
    var family = "Noto Sans CJK SC"

    @Option(help: "Pixels per em of the rendered bitmaps.")
    var size = 64

    @Option(help: "Neighbours kept per character.")
    var top = 20

    @Option(help: "Output TSV.")
    var out = "attacks/tables/shape.tsv"

    func run() throws {
        try reportingErrors {
            let started = Date()
            let list = try CharacterList(contentsOf: chars)
            let face = try FontFace(path: font, family: family)
            let builder = try ShapeTableBuilder(characters: list, renderer: try GlyphRenderer(face: face, size: size), top: top)
            let text = try builder.tsv(charactersSource: chars)
            do {
                try text.write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                throw GlyphError.invalidArgument("\(out): cannot write: \(error.localizedDescription)")
            }
            let seconds = Date().timeIntervalSince(started)
            print("{\"characters\":\(list.characters.count),\"rows\":\(list.characters.count * top),\"seconds\":\(String(format: "%.1f", seconds)),\"out\":\"\(out)\"}")
        }
    }
}
