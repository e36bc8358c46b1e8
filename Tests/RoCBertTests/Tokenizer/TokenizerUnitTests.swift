import Foundation
import XCTest
@testable import RoCBert

/// Behaviour on the tiny fixture vocabulary and on hand-made ones.
final class TokenizerUnitTests: XCTestCase {
    var tiny: RoCBertTokenizer!

    override func setUpWithError() throws {
        tiny = try RoCBertTokenizer(directory: TokenizerFixtures.tiny)
    }

    /// The basic tokenizer skips lower-casing and accent stripping for words of these scalars;
    /// every one of them must come through both (Python's rules, as PythonUnicode implements them) unchanged.
    func testCaseAndAccentInertScalarsAreLeftAloneByLowerCasingAndNFD() {
        var checked = 0, buffer: [Unicode.Scalar] = []
        for v in UInt32(0)..<0x110000 {
            guard let s = Unicode.Scalar(v), PythonUnicode.isCaseAndAccentInert(s) else { continue }
            buffer.removeAll(keepingCapacity: true)
            PythonUnicode.appendLowercased(s, to: &buffer)
            XCTAssertEqual(buffer, [s], "lower-casing changes U+\(String(v, radix: 16))")
            XCTAssertEqual(Array(String(Character(s)).decomposedStringWithCanonicalMapping.unicodeScalars), [s],
                           "NFD changes U+\(String(v, radix: 16))")
            XCTAssertFalse(PythonUnicode.isNonspacingMark(s))
            checked += 1
        }
        XCTAssertGreaterThan(checked, 20_000)  // ASCII, Latin-1 symbols, the CJK block, CJK punctuation, fullwidth forms
        // The scalars that made the fast path need its exclusions.
        for v: UInt32 in [0x41, 0x5A, 0xC0, 0xFF21, 0xFF3A, 0x301, 0xF900] {
            XCTAssertFalse(PythonUnicode.isCaseAndAccentInert(Unicode.Scalar(v)!), "U+\(String(v, radix: 16))")
        }
    }

    func testLoadsTheTinyVocabulary() {
        XCTAssertEqual(tiny.vocabSize, 333)
        XCTAssertEqual([tiny.padTokenId, tiny.unkTokenId, tiny.clsTokenId, tiny.sepTokenId, tiny.maskTokenId],
                       [0, 2, 3, 4, 5])
        XCTAssertEqual(tiny.tokenToId("hello"), tiny.vocabulary["hello"])
        XCTAssertEqual(tiny.tokenToId("not-in-vocab"), 2)
        XCTAssertEqual(tiny.idToToken(100_000), "[UNK]")
        XCTAssertEqual(tiny.idToToken(-1), "[UNK]")
    }

    func testTokenizeSplitsChineseCharactersAndWordPieces() {
        XCTAssertEqual(tiny.tokenize("你好，World!"), ["你", "好", "，", "world", "!"].map { tiny.vocabulary[$0] != nil ? $0 : "[UNK]" })
        XCTAssertEqual(tiny.tokenize("unaffable"), ["un", "##aff", "##able"])
        XCTAssertEqual(tiny.tokenize(""), [])
        XCTAssertEqual(tiny.tokenize(" \t\n"), [])
        XCTAssertEqual(tiny.tokenize(String(repeating: "a", count: 101)), ["[UNK]"])
    }

    func testSpecialTokenHelpers() {
        XCTAssertEqual(tiny.buildInputsWithSpecialTokens([7, 8], [9]), [3, 7, 8, 4, 9, 4])
        XCTAssertEqual(tiny.buildInputsWithSpecialTokens([7]), [3, 7, 4])
        XCTAssertEqual(tiny.getSpecialTokensMask([7, 8], [9]), [1, 0, 0, 1, 0, 1])
        XCTAssertEqual(tiny.getSpecialTokensMask([3, 7, 4, 0], alreadyHasSpecialTokens: true), [1, 0, 1, 1])
        XCTAssertEqual(tiny.createTokenTypeIdsFromSequences([7, 8], [9]), [0, 0, 0, 0, 1, 1])
        XCTAssertEqual(tiny.createTokenTypeIdsFromSequences([7, 8]), [0, 0, 0, 0])
    }

    func testShapeAndPronunciationLookupsFollowTheReference() throws {
        XCTAssertEqual(tiny.shapeId("hello"), 5)
        XCTAssertEqual(tiny.shapeId("nothing"), 7, "unknown tokens take [UNK]'s shape id")
        XCTAssertEqual(tiny.pronunciationId("##s"), 6)
        XCTAssertEqual(tiny.pronunciationId("[CLS]"), 11)
        // The [CLS]/[SEP] the tokenizer adds take [UNK]'s ids, not their own entries.
        let e = tiny.encode("[CLS]")
        XCTAssertEqual(e.tokens, ["[CLS]", "[CLS]", "[SEP]"])
        XCTAssertEqual(e.inputPronunciationIds, [3, 11, 3])
        XCTAssertEqual(e.inputShapeIds, [7, 7, 7])
        XCTAssertEqual(e.offsets, [nil, 0..<5, nil])
    }

    func testPaddingUsesThePadVocabularyIdForShapeAndPronunciation() throws {
        let t = try RoCBertTokenizer(
            vocab: ["[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "[PAD]"],
            wordShape: ["[UNK]": 9, "[PAD]": 42, "a": 1], wordPronunciation: ["[UNK]": 8, "[PAD]": 43])
        let e = t.encode("a", maxLength: 5, padding: .maxLength)
        XCTAssertEqual(e.inputIds, [1, 4, 2, 5, 5])
        XCTAssertEqual(e.inputShapeIds, [9, 1, 9, 5, 5])
        XCTAssertEqual(e.inputPronunciationIds, [8, 8, 8, 5, 5])
        XCTAssertEqual(e.attentionMask, [1, 1, 1, 0, 0])
        XCTAssertEqual(e.specialTokensMask, [1, 0, 1, 1, 1])
        XCTAssertEqual(e.tokens, ["[CLS]", "a", "[SEP]", "[PAD]", "[PAD]"])
        XCTAssertEqual(e.offsets, [nil, 0..<1, nil, nil, nil])
    }

    func testTruncationStrategies() {
        let text = "你好世界", pair = "北京"
        XCTAssertEqual(tiny.encode(text, pair: pair, maxLength: 6, truncation: .longestFirst).tokens,
                       ["[CLS]", "你", "好", "[SEP]", "北", "[SEP]"])
        XCTAssertEqual(tiny.encode(text, pair: pair, maxLength: 6, truncation: .onlyFirst).tokens,
                       ["[CLS]", "你", "[SEP]", "北", "京", "[SEP]"])
        // The reference cannot take 3 tokens from a 2-token second text, so it keeps everything.
        XCTAssertEqual(tiny.encode(text, pair: pair, maxLength: 6, truncation: .onlySecond).count, 9)
        XCTAssertEqual(tiny.encode(text, maxLength: 4, truncation: .onlySecond).count, 6)
    }

    func testBatchPaddingToTheLongest() {
        let batch = tiny.encodeBatch(["你好", "你好世界", ""], padding: .longest)
        XCTAssertEqual(batch.map(\.count), [6, 6, 6])
        XCTAssertEqual(batch[2].attentionMask, [1, 1, 0, 0, 0, 0])
    }

    func testDecode() {
        let ids = tiny.convertTokensToIds(["[CLS]", "un", "##aff", "##able", "你", "[SEP]", "[PAD]"])
        XCTAssertEqual(tiny.decode(ids), "[CLS] unaffable 你 [SEP] [PAD]")
        XCTAssertEqual(tiny.decode(ids, skipSpecialTokens: true), "unaffable 你")
        XCTAssertEqual(tiny.decode([999_999], skipSpecialTokens: true), "", "out-of-range ids decode to [UNK]")
        XCTAssertEqual(tiny.decode([]), "")
    }

    func testOffsetsMapCharactersBackToTokens() {
        let text = "我爱Café，e\u{301}cole😀!"
        let e = tiny.encode(text, pair: "北京")
        for (token, range) in zip(e.tokens, e.offsets) {
            guard let range else { continue }
            XCTAssertFalse(range.isEmpty, token)
        }
        XCTAssertEqual(e.tokenIndex(coveringScalar: 0), 1)
        XCTAssertEqual(e.tokenIndex(coveringScalar: 1, inSequence: 1), e.tokens.lastIndex(of: "京"))
        // The accent of the decomposed é belongs to the token of its e.
        let accent = 8
        XCTAssertEqual(Array(text.unicodeScalars)[accent], "\u{301}")
        XCTAssertNotNil(e.tokenIndex(coveringScalar: accent))
    }

    /// Each token's text is the normalised source text at its offsets, over the whole corpus
    /// and every fixture text.
    func testOffsetPropertyHoldsOnEveryFixtureText() throws {
        let chinese = try RoCBertTokenizer(directory: TokenizerFixtures.chinese)
        var texts = try TokenizerFixtures.sentences()
        for c in try TokenizerFixtures.cases() where c.options.isEmpty {
            for input in c.inputs {
                texts.append(input[0]!)
                if let pair = input[1] { texts.append(pair) }
            }
        }
        var checked = 0
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            let spans = chinese.tokenizeWithOffsets(text)
            var lastStart = 0
            for span in spans {
                XCTAssertGreaterThanOrEqual(span.offsets.lowerBound, lastStart, text)
                XCTAssertLessThanOrEqual(span.offsets.upperBound, scalars.count, text)
                lastStart = span.offsets.lowerBound
                if span.token == "[UNK]" { continue }
                var source = String()
                source.unicodeScalars.append(contentsOf: scalars[span.offsets])
                // Scalar-wise: "##" followed by a combining character is not a Character prefix "##".
                let scalars = Array(span.token.unicodeScalars)
                var body = String()
                body.unicodeScalars.append(contentsOf: scalars.starts(with: ["#", "#"]) ? scalars[2...] : scalars[...])
                // Tokens made from parts of one character, or widened over a mark another token
                // also covers, need only be contained in the source text.
                let shared = spans.filter { $0.offsets.overlaps(span.offsets) }.count > 1
                let s = comparisonForm(source), b = comparisonForm(body)
                let ok = shared ? containsScalars(s, b) : s.unicodeScalars.elementsEqual(b.unicodeScalars)
                XCTAssertTrue(ok, "\(text.debugDescription): \(span)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 20_000)
    }

    /// Scalar-level containment (String.contains matches whole grapheme clusters only).
    private func containsScalars(_ s: String, _ part: String) -> Bool {
        let a = Array(s.unicodeScalars), b = Array(part.unicodeScalars)
        guard b.count <= a.count else { return false }
        return (0...(a.count - b.count)).contains { a[$0..<($0 + b.count)].elementsEqual(b) }
    }

    /// Lower-cased, decomposed, without marks, spaces and control characters.
    private func comparisonForm(_ s: String) -> String {
        let decomposed = s.lowercased().decomposedStringWithCanonicalMapping
        var out = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .control, .format, .unassigned, .spaceSeparator, .lineSeparator, .paragraphSeparator:
                continue
            default:
                if scalar.value != 0xFFFD { out.append(scalar) }
            }
        }
        return String(out)
    }

    func testSaveVocabularyWritesTheReferenceFilesByteForByte() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rocbert-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let urls = try tiny.saveVocabulary(to: dir)
        for url in urls {
            let original = TokenizerFixtures.tiny.appendingPathComponent(url.lastPathComponent)
            XCTAssertEqual(try Data(contentsOf: url), try Data(contentsOf: original), url.lastPathComponent)
        }
        let reloaded = try RoCBertTokenizer(directory: dir)
        XCTAssertEqual(reloaded.encode("你好 hello"), tiny.encode("你好 hello"))
        XCTAssertThrowsError(try tiny.saveVocabulary(to: dir.appendingPathComponent("nope")))
    }

    func testTokenizerConfigIsRead() throws {
        let dir = try copyOfTiny()
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"do_lower_case": false, "never_split": ["Hello"], "model_max_length": 4, "strip_accents": null}"#
            .write(to: dir.appendingPathComponent("tokenizer_config.json"), atomically: true, encoding: .utf8)
        let t = try RoCBertTokenizer(directory: dir)
        XCTAssertFalse(t.options.doLowerCase)
        XCTAssertEqual(t.options.modelMaxLength, 4)
        XCTAssertEqual(t.tokenize("Hello"), ["Hello"])
        XCTAssertEqual(t.encode("你好世界", truncation: .longestFirst).count, 4)
    }

    // MARK: Bad input

    func testMissingFilesAreNamed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rocbert-missing-\(UUID().uuidString)")
        XCTAssertThrowsError(try RoCBertTokenizer(directory: dir)) { error in
            XCTAssertEqual(error as? TokenizerError, .missingFile(path: dir.appendingPathComponent("vocab.txt").path))
            XCTAssertTrue("\(error)".hasSuffix("vocab.txt: file not found"), "\(error)")
        }
        let copy = try copyOfTiny()
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.removeItem(at: copy.appendingPathComponent("word_pronunciation.json"))
        XCTAssertThrowsError(try RoCBertTokenizer(directory: copy)) { error in
            XCTAssertTrue(error.localizedDescription.contains("word_pronunciation.json: file not found"), "\(error)")
        }
    }

    func testMalformedJSONIsReportedWithTheFile() throws {
        for (text, problem) in [("{\"a\": 1,", "expected a string key"), ("[1, 2]", "expected an object"),
                                ("{\"a\": 1.5}", "not an integer"), ("{\"a\": 1} x", "unexpected text")] {
            let dir = try copyOfTiny()
            defer { try? FileManager.default.removeItem(at: dir) }
            try text.write(to: dir.appendingPathComponent("word_shape.json"), atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try RoCBertTokenizer(directory: dir)) { error in
                let line = "\(error)"
                XCTAssertTrue(line.contains("word_shape.json: malformed JSON"), line)
                XCTAssertTrue(line.contains(problem), line)
                XCTAssertFalse(line.contains("\n"))
            }
        }
    }

    func testDuplicateAndMissingTokensAreRefused() throws {
        let dir = try copyOfTiny()
        defer { try? FileManager.default.removeItem(at: dir) }
        let vocabURL = dir.appendingPathComponent("vocab.txt")
        let vocab = try String(contentsOf: vocabURL, encoding: .utf8)
        try (vocab + "hello\n").write(to: vocabURL, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try RoCBertTokenizer(directory: dir)) { error in
            XCTAssertEqual("\(error)", "\(vocabURL.path): line 334: duplicate token \"hello\"")
        }
        try vocab.replacingOccurrences(of: "[MASK]\n", with: "").write(to: vocabURL, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try RoCBertTokenizer(directory: dir)) { error in
            XCTAssertEqual(error as? TokenizerError, .missingToken(token: "[MASK]", source: vocabURL.path))
        }
        XCTAssertThrowsError(try RoCBertTokenizer(vocab: ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"],
                                                  wordShape: [:], wordPronunciation: ["[UNK]": 1])) { error in
            XCTAssertEqual("\(error)", "word_shape: token \"[UNK]\" is missing")
        }
    }

    func testCanonicallyEquivalentTokensStayDistinct() throws {
        // Swift's String == would merge these; the reference (Python str) does not.
        let t = try RoCBertTokenizer(vocab: ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]", "e\u{301}", "\u{F900}"],
                                     wordShape: ["[UNK]": 1], wordPronunciation: ["[UNK]": 1])
        XCTAssertEqual(t.tokenToId("e\u{301}"), 5)
        XCTAssertEqual(t.tokenToId("\u{E9}"), 0)
        XCTAssertEqual(t.tokenToId("\u{8C48}"), 0)
        var options = RoCBertTokenizer.Options()
        options.doLowerCase = false
        let cased = try RoCBertTokenizer(vocab: ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]", "\u{E9}"],
                                         wordShape: ["[UNK]": 1], wordPronunciation: ["[UNK]": 1], options: options)
        XCTAssertEqual(cased.encode("e\u{301}").inputIds, [1, 5, 2], "NFC makes é before the lookup")
    }

    private func copyOfTiny() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rocbert-tiny-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ["vocab.txt", "word_shape.json", "word_pronunciation.json"] {
            try FileManager.default.copyItem(at: TokenizerFixtures.tiny.appendingPathComponent(name),
                                             to: dir.appendingPathComponent(name))
        }
        return dir
    }
}
