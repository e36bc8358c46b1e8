import Foundation
import XCTest
@testable import RoCBertGlyphs

/// Rendering, features and nearest-glyph search on the real Noto Sans CJK SC (Makefile deps installs it).
final class GlyphTests: XCTestCase {
    static let font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

    private func face() throws -> FontFace { try FontFace(path: Self.font) }

    func testFaceIsChosenByFamilyNameInTheCollection() throws {
        let f = try face()
        XCTAssertEqual(f.familyName, "Noto Sans CJK SC")
        XCTAssertEqual(f.unitsPerEM, 1000)
        XCTAssertTrue(f.hasGlyph("未"))
        XCTAssertThrowsError(try FontFace(path: Self.font, family: "WenQuanYi Zen Hei")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix(Self.font + ": no face with family name \"WenQuanYi Zen Hei\""), text)
            XCTAssertTrue(text.contains("Noto Sans CJK JP"), text)
        }
    }

    func testMissingAndNonFontFilesAreClearErrors() throws {
        XCTAssertEqual("\(GlyphError.fontNotFound(path: "/nope.ttc"))", "/nope.ttc: font file not found (Debian package fonts-noto-cjk, or pass --font)")
        XCTAssertThrowsError(try FontFace(path: "/nope.ttc")) { XCTAssertEqual($0 as? GlyphError, .fontNotFound(path: "/nope.ttc")) }
        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID()).ttf")
        try Data("not a font".utf8).write(to: junk)
        defer { try? FileManager.default.removeItem(at: junk) }
        XCTAssertThrowsError(try FontFace(path: junk.path)) { XCTAssertTrue("\($0)".hasPrefix(junk.path + ": cannot open as a font"), "\($0)") }
    }

    func testGlyphsSitInTheEmBox() throws {
        let r = try GlyphRenderer(face: try face(), size: 64)
        let one = try XCTUnwrap(try r.render("一"))
        // 一 is a single horizontal stroke through the middle of the em: ink only in the middle rows.
        let inkRows = (0..<64).filter { y in (0..<64).contains { one[$0, y] > 128 } }
        XCTAssertFalse(inkRows.isEmpty)
        XCTAssertTrue(inkRows.allSatisfy { (24...40).contains($0) }, "\(inkRows)")
        let wei = try XCTUnwrap(try r.render("未")), mo = try XCTUnwrap(try r.render("末"))
        XCTAssertNotEqual(wei, mo)
        XCTAssertNil(try r.render("\u{E000}"), "private-use code point has no glyph")
        XCTAssertThrowsError(try GlyphRenderer(face: try face(), size: 4))
    }

    func testFeaturesAreUnitVectorsAndBlankIsZero() throws {
        let r = try GlyphRenderer(face: try face(), size: 64)
        let features = GlyphFeatures(bitmapSize: 64)
        XCTAssertEqual(features.sigma, 3)
        XCTAssertEqual(features.dimension(bitmapSize: 64), 1024)
        let v = features.vector(of: try XCTUnwrap(try r.render("王")))
        XCTAssertEqual(v.count, 1024)
        XCTAssertEqual(v.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-4)
        XCTAssertEqual(features.vector(of: GlyphBitmap(size: 64)), [Float](repeating: 0, count: 1024))
    }

    func testTopKOrdersBySimilarityThenCodePoint() {
        let best = NearestGlyphs.topK([0.5, 0.9, 0.9, 1.0, 0.1], excluding: 3, top: 3, order: [10, 30, 20, 40, 50])
        XCTAssertEqual(best.map(\.index), [2, 1, 0])
    }

    /// The issue's sanity pairs, on a small list so the test stays fast.
    func testKnownConfusablesAreEachOthersNearest() throws {
        let chars: [Unicode.Scalar] = Array("未末朱来米己已巳巴王玉壬主人入大太犬天夫日曰目白田由甲申电土士千干于").flatMap(\.unicodeScalars)
        let builder = try ShapeTableBuilder(characters: CharacterList(chars), renderer: try GlyphRenderer(face: try face()), top: 3)
        let table = Dictionary(uniqueKeysWithValues: try builder.neighbours().map { ($0.character, $0.neighbours.map(\.0)) })
        XCTAssertTrue(table["未"]!.contains("末"), "\(table["未"]!)")
        XCTAssertTrue(table["己"]!.contains("已"), "\(table["己"]!)")
        XCTAssertTrue(table["王"]!.contains("玉"), "\(table["王"]!)")
        XCTAssertTrue(table["土"]!.contains("士"), "\(table["土"]!)")
    }

    func testCharacterListErrorsNameTheLine() {
        XCTAssertThrowsError(try CharacterList(parsing: "char\tindex\n一\t1\n一\t2\n", path: "c.tsv")) {
            XCTAssertEqual("\($0)", "c.tsv:3: 一 already listed on line 2")
        }
        XCTAssertThrowsError(try CharacterList(parsing: "chars\n", path: "c.tsv")) { XCTAssertTrue("\($0)".hasPrefix("c.tsv:1: expected the column header")) }
        XCTAssertThrowsError(try CharacterList(parsing: "char\tindex\n一二\t1\n", path: "c.tsv")) { XCTAssertEqual("\($0)", "c.tsv:2: expected one character, got \"一二\"") }
        XCTAssertThrowsError(try CharacterList(parsing: "char\tindex\n", path: "c.tsv")) { XCTAssertEqual("\($0)", "c.tsv:1: no characters") }
    }
}
