import Foundation
import XCTest
@testable import RoCBertStore

final class SHA256Tests: XCTestCase {
    func testKnownVectors() {
        // FIPS 180-4 / NIST examples.
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
                       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        XCTAssertEqual(SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testStreamingInAnyChunkingGivesTheSameDigest() {
        let data = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let whole = SHA256.hex(data)
        for chunk in [1, 3, 55, 56, 63, 64, 65, 127, 999] {
            var h = SHA256()
            var i = 0
            while i < data.count {
                h.update(data[i..<min(i + chunk, data.count)])
                i += chunk
            }
            XCTAssertEqual(h.hexDigest(), whole, "chunk \(chunk)")
        }
    }
}
