import RoCBertAttack
import XCTest

/// Each transformation on the hand-written tables: what it proposes, in what order, and why.
final class TransformationTests: XCTestCase {
    let tables = Fixtures.toy()

    func testHomophonesSameToneFirstConfusedThenCommonestThenOtherTones() throws {
        let t = try XCTUnwrap(tables.transformation(named: "homophone"))
        // The fixture's human confusion data pairs 是 with 市: it comes before the commoner 事.
        XCTAssertEqual(t.replacements("是的", 0), ["市", "事", "时"])
        let first = t.candidates(PerturbedText("是的"), at: 0)[0]
        XCTAssertEqual(first.justification, "homophone: 是 shì = 市 shì; people confuse them")
        XCTAssertEqual(t.candidates(PerturbedText("是的"), at: 0)[1].justification, "homophone: 是 shì = 事 shì")
        XCTAssertEqual(HomophoneTransformation(table: try tables.pronunciation()).replacements("是的", 0), ["事", "市", "时"],
                       "without the data: commonest first")
        XCTAssertEqual(first.range, 0..<1)
        XCTAssertTrue(t.candidates(PerturbedText("是的"), at: 0)[2].justification.contains("other tone"))
        // 机 has only its modern reading jī in the table, so nothing sounds like it here (not 未 wèi).
        XCTAssertEqual(t.replacements("机", 0), [])
        // A polyphone offers the homophones of each of its readings, the primary first.
        XCTAssertEqual(t.replacements("好", 0), ["号"])
        XCTAssertEqual(t.replacements("x", 0), [])
    }

    func testNearHomophonesApplyRulesBothWays() throws {
        let t = try XCTUnwrap(tables.transformation(named: "near-homophone"))
        XCTAssertEqual(t.replacements("是", 0), ["四"])
        XCTAssertEqual(t.replacements("四", 0), ["是", "事", "市"])
        XCTAssertTrue(t.candidates(PerturbedText("是"), at: 0)[0].justification.contains("sh/s"))
    }

    func testPinyinGivesSyllableThenInitial() throws {
        let t = try XCTUnwrap(tables.transformation(named: "pinyin"))
        XCTAssertEqual(t.replacements("是", 0), ["shi", "s"])
        XCTAssertEqual(t.replacements("女", 0), ["nv", "n"])
    }

    func testVisualSplitTraditional() throws {
        // visual.tsv is the floor: 来 is a glyph neighbour of 未 (shape.tsv) but not a look-alike a reader reads past.
        let visual = try XCTUnwrap(tables.transformation(named: "visual"))
        XCTAssertEqual(visual.replacements("未", 0), ["末"])
        XCTAssertEqual(visual.candidates(PerturbedText("未"), at: 0)[0].justification,
                       "visual: 未 looks like 末 (glyph 0.950, four-corner 5090/5090, strokes 5/5)")
        XCTAssertEqual(try tables.shape().neighbours["未"]?.map(\.character), ["末", "来"])
        let split = try XCTUnwrap(tables.transformation(named: "split"))
        XCTAssertEqual(split.replacements("好", 0), ["女子"])
        XCTAssertEqual(split.candidates(PerturbedText("好"), at: 0)[0].justification, "split: 好 = ⿰女子")
        // Top-bottom layouts do not read back as one character when written side by side.
        XCTAssertEqual(split.replacements("星", 0), [])
        XCTAssertEqual(SplitTransformation(table: try tables.decomposition(), allLayouts: true).replacements("星", 0), ["日生"])
        XCTAssertEqual(try XCTUnwrap(tables.transformation(named: "traditional")).replacements("发", 0), ["發", "髮"])
    }

    func testVisualSlipOffersPeoplesSlipsBestFirstAndVisualDoesNot() throws {
        // visual-slip.tsv: 错 → 猎 措 (people 0.89, 0.88), 未 → 味; visual.tsv knows neither.
        let slip = try XCTUnwrap(tables.transformation(named: "visual-slip"))
        XCTAssertEqual(slip.replacements("错", 0), ["猎", "措"])
        let edits = slip.candidates(PerturbedText("错"), at: 0)
        XCTAssertEqual(edits[1].justification, "visual-slip: 措 is written for 错 (people 0.88)")
        XCTAssertEqual(edits[1].transformation, "visual-slip")
        XCTAssertEqual(edits[1].range, 0..<1)
        XCTAssertEqual(slip.replacements("未", 0), ["味"], "the slips only, not visual.tsv's 末")
        XCTAssertEqual(slip.replacements("己", 0), [])
        let visual = try XCTUnwrap(tables.transformation(named: "visual"))
        XCTAssertEqual(visual.replacements("错", 0), [])
        XCTAssertEqual(visual.replacements("未", 0), ["末"])
        XCTAssertEqual(try tables.visualSlip().neighbours["错"]?.first?.evidence,
                       "people 0.892, glyph 0.890, four-corner 8476/4426, strokes 13/11, shares 昔")
        XCTAssertTrue(PerturbationTables.tableTransformationNames.contains("visual-slip"))
    }

    func testSynonymReplacesTheWholeSegmentedWord() throws {
        let t = try XCTUnwrap(tables.transformation(named: "synonym"))
        // 我很高兴 segments as 我|很|高兴; either character of 高兴 proposes the word-level swap.
        for slot in [2, 3] {
            let edits = t.candidates(PerturbedText("我很高兴"), at: slot)
            XCTAssertEqual(edits.map(\.replacement), ["快乐", "欢乐"], "commonest synonym first; # groups are not synonyms")
            XCTAssertEqual(edits[0].range, 2..<4)
            XCTAssertEqual(edits[0].original, "高兴")
            XCTAssertEqual(edits[0].justification, "synonym: 高兴 ≈ 快乐 (Cilin Ga01A01=)")
        }
        XCTAssertEqual(PerturbedText("我很高兴").applying(t.candidates(PerturbedText("我很高兴"), at: 3)[0]).text, "我很快乐")
        XCTAssertEqual(t.replacements("我很高兴", 0), [])
    }

    func testSegmenterPrefersTheMostProbablePath() throws {
        let s = try tables.segmenter()
        XCTAssertEqual(s.words("这部电影很好看!"), ["这部", "电影", "很", "好", "看", "!"])
        XCTAssertEqual(s.words(""), [])
        XCTAssertEqual(s.words("ab高兴"), ["a", "b", "高兴"])
    }

    func testPinyinSpelling() {
        XCTAssertEqual(Pinyin("shi4")?.marked, "shì")
        XCTAssertEqual(Pinyin("lü4")?.marked, "lǜ")
        XCTAssertEqual(Pinyin("gou3")?.marked, "gǒu")
        XCTAssertEqual(Pinyin("gui4")?.marked, "guì")
        XCTAssertEqual(Pinyin("de5")?.marked, "de")
        XCTAssertEqual(Pinyin("zhang1")?.initial, "zh")
        XCTAssertEqual(Pinyin("zhang1")?.final, "ang")
        XCTAssertEqual(Pinyin("er2")?.initial, "")
        XCTAssertNil(Pinyin("shì"))
        XCTAssertNil(Pinyin("shi6"))
        XCTAssertNil(Pinyin("4"))
    }
}
