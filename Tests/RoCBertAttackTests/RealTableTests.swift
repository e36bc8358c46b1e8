import Foundation
import RoCBertAttack
import XCTest

/// The committed tables under attacks/tables/ and the fetched data under data/ (make test fetches it):
/// every table loads, covers the 8,105 standard characters, and the known pairs hold.
final class RealTableTests: XCTestCase {
    static let root = Fixtures.here.deletingLastPathComponent().deletingLastPathComponent()
    static let real = PerturbationTables(tablesDirectory: root.appendingPathComponent("attacks/tables"),
                                         dataDirectory: root.appendingPathComponent("data"))

    /// Pairs readers confuse at a glance; each lies within the top 3 of the other's neighbours.
    static let confusablePairs = [
        ("未", "末"), ("己", "已"), ("王", "玉"), ("土", "士"), ("人", "入"), ("日", "曰"), ("拨", "拔"),
        ("已", "己"), ("末", "未"), ("玉", "王"), ("士", "土"), ("入", "人"), ("曰", "日"), ("拔", "拨"),
        ("己", "巳"), ("大", "太"), ("大", "犬"), ("天", "夭"), ("刀", "力"), ("贝", "见"), ("戊", "戌"), ("戌", "戍"),
        ("盲", "肓"), ("今", "令"), ("干", "于"), ("干", "千"), ("免", "兔"), ("候", "侯"), ("折", "拆"), ("汩", "汨"),
        ("睛", "晴"), ("崇", "祟"), ("冶", "治"), ("徒", "徙"), ("析", "柝"),
    ]

    static func standardCharacters() throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent("attacks/tables/standard-chars.tsv"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.split(separator: "\t")[0]) }.filter { $0 != "char" }
    }

    func testStandardListHasAll8105() throws {
        let chars = try Self.standardCharacters()
        XCTAssertEqual(chars.count, 8105)
        XCTAssertEqual(Set(chars).count, 8105)
    }

    func testShapeTableCoversTheStandardListAndKnownPairsAreNear() throws {
        let shape = try Self.real.shape()
        for c in try Self.standardCharacters() { XCTAssertEqual(shape.neighbours[c]?.count, 20, c) }
        for (a, b) in Self.confusablePairs {
            let top3 = (shape.neighbours[a] ?? []).prefix(3).map(\.character)
            XCTAssertTrue(top3.contains(b), "\(b) not in the top 3 of \(a): \(top3)")
        }
        let visual = try XCTUnwrap(Self.real.transformation(named: "visual"))
        XCTAssertEqual(visual.candidates(PerturbedText("未来"), at: 0).first?.replacement, "末")
    }

    /// The look-alikes people confuse are offered both ways; the common characters that change the
    /// word, which the glyph cosine alone offered, are not.
    func testVisualTableOffersTheClassicPairsAndNotWordChangingOnes() throws {
        let visual = try XCTUnwrap(Self.real.transformation(named: "visual"))
        for pair in ["日曰", "己已", "已巳", "己巳", "未末", "土士", "戊戌", "戌戍", "戊戍", "人入", "拔拨", "候侯", "准淮"] {
            let (a, b) = (String(pair.first!), String(pair.last!))
            XCTAssertTrue(visual.replacements(a, 0).contains(b), "\(a) → \(b): \(visual.replacements(a, 0))")
            XCTAssertTrue(visual.replacements(b, 0).contains(a), "\(b) → \(a): \(visual.replacements(b, 0))")
        }
        for pair in ["好奸", "错镇", "差姜", "便傻", "酒滴", "重巢", "二工"] {
            let (a, b) = (String(pair.first!), String(pair.last!))
            XCTAssertFalse(visual.replacements(a, 0).contains(b), "\(a) → \(b) changes the word")
        }
        let standard = try Self.real.standardCharacters()
        XCTAssertEqual(standard.rank.count, 8105)
        XCTAssertEqual(standard.rank["一"], 1)
        let human = try Self.real.humanConfusion()
        XCTAssertTrue(human.contains("未", "末") && human.contains("末", "未"))
        XCTAssertFalse(human.contains("日", "月"))
    }

    /// visual-slip offers people's writing slips (错 → 措), which change the word; visual stays the
    /// near-identical look-alikes (3,596 pairs) and never offers them; the two tables share no pair.
    func testVisualSlipOffersWritingSlipsThatVisualDoesNot() throws {
        let visual = try XCTUnwrap(Self.real.transformation(named: "visual"))
        let slip = try XCTUnwrap(Self.real.transformation(named: "visual-slip"))
        XCTAssertTrue(slip.replacements("错", 0).contains("措"), "\(slip.replacements("错", 0))")
        XCTAssertFalse(visual.replacements("错", 0).contains("措"), "\(visual.replacements("错", 0))")
        XCTAssertEqual(visual.replacements("错", 0), ["锗", "锚", "锘", "锆"])
        let written = try XCTUnwrap(slip.candidates(PerturbedText("错"), at: 0).first { $0.replacement == "措" })
        XCTAssertEqual(written.justification, "visual-slip: 措 is written for 错 (people 0.94)")
        for (a, b) in [("不", "坏"), ("很", "恨"), ("是", "提"), ("我", "饿")] {
            XCTAssertTrue(slip.replacements(a, 0).contains(b), "\(a) → \(b): \(slip.replacements(a, 0))")
            XCTAssertFalse(visual.replacements(a, 0).contains(b), "\(a) → \(b) changes the word")
        }
        let near = try Self.real.visual(), slips = try Self.real.visualSlip()
        XCTAssertEqual(near.neighbours.values.map(\.count).reduce(0, +), 3596)
        XCTAssertEqual(near.neighbours.count, 2432)
        let first = try XCTUnwrap(near.neighbours["人"]?.first)
        XCTAssertEqual([first.character, "\(first.score)", first.evidence], ["入", "0.9815", "glyph 0.881, four-corner 8000/8000, strokes 2/2"])
        XCTAssertFalse(near.source.contains { $0.contains("people") || $0.contains("fitted") }, "visual.tsv is the near-identical rule only")
        XCTAssertTrue(slips.source.contains { $0.contains("change the word") })
        for (c, list) in slips.neighbours {
            let own = Set((near.neighbours[c] ?? []).map(\.character))
            XCTAssertTrue(own.isDisjoint(with: list.map(\.character)), "\(c): a pair in both tables")
            XCTAssertLessThanOrEqual(own.count + list.count, 20, c)
            XCTAssertEqual(list.map(\.score), list.map(\.score).sorted(by: >), "\(c): best first")
        }
    }

    func testPronunciationCoversTheStandardListWithModernReadings() throws {
        let p = try Self.real.pronunciation()
        let missing = try Self.standardCharacters().filter { p.readings[$0] == nil }
        XCTAssertEqual(missing, [], "standard characters without a reading")
        // Archaic readings stay out: 机 is only jī, so it never passes for 未 wèi.
        XCTAssertEqual(p.readings["机"]?.map(\.description), ["ji1"])
        XCTAssertEqual(p.readings["是"]?.first?.description, "shi4")
        XCTAssertEqual(p.readings["绿"]?.first?.description, "lü4")
        XCTAssertTrue(p.readings["行"]!.map(\.description).contains("hang2"))
        let homophone = try XCTUnwrap(Self.real.transformation(named: "homophone"))
        let ofShi = homophone.replacements("是", 0)
        XCTAssertTrue(ofShi.prefix(5).contains("事"), "\(ofShi.prefix(10))")
        XCTAssertFalse(homophone.replacements("未", 0).contains("机"))
        // Commonest first: 事 (a very frequent character) comes before rare shi4 characters.
        XCTAssertLessThan(ofShi.firstIndex(of: "事")!, ofShi.firstIndex(of: "弑") ?? Int.max)
    }

    func testSplitTraditionalAndNearHomophones() throws {
        XCTAssertEqual(try XCTUnwrap(Self.real.transformation(named: "split")).replacements("好", 0).first, "女子")
        XCTAssertTrue(try XCTUnwrap(Self.real.transformation(named: "traditional")).replacements("发", 0).contains("發"))
        let near = try XCTUnwrap(Self.real.transformation(named: "near-homophone"))
        // shi4 ↔ si4 (retroflex), and a nasal pair: 音 yin1 ↔ 英 ying1.
        XCTAssertTrue(near.replacements("是", 0).contains("四"))
        XCTAssertTrue(near.replacements("音", 0).contains("英"))
        let decomposition = try Self.real.decomposition()
        let covered = try Self.standardCharacters().filter { decomposition.entries[$0] != nil }.count
        XCTAssertGreaterThan(covered, 6000, "decomposition covers \(covered) of 8105")
    }

    func testSynonymsFromTheFetchedThesaurus() throws {
        let synonym = try XCTUnwrap(Self.real.transformation(named: "synonym"))
        XCTAssertTrue(synonym.replacements("我很高兴", 2).contains("快乐"), "\(synonym.replacements("我很高兴", 2))")
    }
}
