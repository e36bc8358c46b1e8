import Crypto
import Foundation

/// SHA-256 as lower-case hex, the form every content identity in the store takes.
public enum ContentHash {
    public static func hex(_ text: String) -> String { hex(Data(text.utf8)) }

    public static func hex(_ data: Data) -> String { hex(digest: SHA256.hash(data: data)) }

    public static func hex(digest: SHA256.Digest) -> String {
        digest.map { byte in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
    }
}
