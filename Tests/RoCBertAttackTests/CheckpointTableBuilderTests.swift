import Foundation
import RoCBertAttack
import XCTest

/// The shape and pronunciation ids `rocbert tables checkpoint` writes: which substitutions keep them.
final class CheckpointTableBuilderTests: XCTestCase {
    /// Visual groups join the look-alikes the attack offers, strongest first, up to the cap; rare
    /// and out-of-vocabulary neighbours join nothing.
    func testVisualGroupsFollowTheAttacksLookAlikesUpToTheCap() throws {
        let dir = try Fixtures.scratchTables()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A chain 未–末–味–妹 of falling strength; 朱 is rare, 本 outside the vocabulary.
        try """
        char\tneighbour\tscore\tevidence
        未\t末\t0.99\tx
        未\t朱\t0.98\tx
        末\t未\t0.99\tx
        末\t味\t0.95\tx
        味\t末\t0.95\tx
        味\t妹\t0.90\tx
        妹\t味\t0.90\tx
        妹\t本\t0.97\tx
        己\t已\t0.99\tx

        """.write(to: dir.appendingPathComponent("visual.tsv"), atomically: true, encoding: .utf8)
        try "char\tindex\n未\t1\n末\t2\n味\t3\n妹\t4\n本\t5\n己\t6\n已\t7\n朱\t4000\n"
            .write(to: dir.appendingPathComponent("standard-chars.tsv"), atomically: true, encoding: .utf8)
        let tables = PerturbationTables(tablesDirectory: dir, dataDirectory: Fixtures.data)
        let vocabulary = CheckpointTableBuilder.specials + ["未", "末", "##末", "味", "妹", "朱", "己", "已", "a"]
        func shape(cap: Int) throws -> [String: Int] {
            try CheckpointTableBuilder(vocabulary: vocabulary, pronunciationTable: tables.pronunciation(),
                                       shapes: .visual(tables.visual(), standard: tables.standardCharacters(), common: 3500, topK: 5, cap: cap),
                                       pronunciationKey: .toned).shape
        }
        let capped = try shape(cap: 3)
        XCTAssertEqual(capped["未"], 5, "ids in vocabulary order after the five specials")
        XCTAssertEqual([capped["末"], capped["##末"], capped["味"]], [5, 5, 5])
        XCTAssertEqual(capped["妹"], 6, "joining 妹 would make four")
        XCTAssertEqual(capped["朱"], 7, "a rare look-alike is not offered, so not joined")
        XCTAssertEqual([capped["己"], capped["已"]], [8, 8])
        XCTAssertNil(capped["a"])
        let whole = try shape(cap: 8)
        XCTAssertEqual(whole["妹"], whole["未"])
        XCTAssertEqual(Set(whole.values).count, CheckpointTableBuilder.specials.count + 3)
    }

    /// Toned ids keep same-tone homophones, toneless ones every tone, near-homophone ones also the
    /// confusions of the rules (sh/s here); keys are numbered in sorted order.
    func testPronunciationKeysDecideWhichSoundSubstitutionsKeepTheId() throws {
        let tables = Fixtures.toy()
        let vocabulary = CheckpointTableBuilder.specials + ["是", "事", "时", "四", "##四", "机"]
        func ids(_ key: PronunciationKey) throws -> [String: Int] {
            try CheckpointTableBuilder(vocabulary: vocabulary, pronunciationTable: tables.pronunciation(),
                                       shapes: .mutualNearest(tables.shape(), threshold: 0.8), pronunciationKey: key).pronunciation
        }
        let toned = try ids(.toned)
        XCTAssertEqual(toned["是"], toned["事"])
        XCTAssertNotEqual(toned["是"], toned["时"])
        XCTAssertEqual([toned["机"], toned["时"], toned["是"], toned["四"], toned["##四"]], [5, 6, 7, 8, 8], "ji1 < shi2 < shi4 < si4")
        let toneless = try ids(.toneless)
        XCTAssertEqual(toneless["是"], toneless["时"])
        XCTAssertNotEqual(toneless["是"], toneless["四"])
        let near = try ids(.nearHomophone(tables.nearHomophoneRules()))
        XCTAssertEqual(Set(["是", "事", "时", "四"].map { near[$0]! }).count, 1)
        XCTAssertNotEqual(near["是"], near["机"])
    }
}
