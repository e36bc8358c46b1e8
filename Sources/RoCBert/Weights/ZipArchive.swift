import Foundation
import RoCBertCore

/// The stored (uncompressed) entries of a zip archive, as torch.save writes them; ZIP64 aware.
struct ZipArchive {
    /// Entry name → byte range of its data in `data`.
    let entries: [String: Range<Int>]
    let data: Data
    let path: String

    init(url: URL) throws {
        path = url.path
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw RoCBertError(path, "cannot read the weight file")
        }
        entries = try ZipArchive.readDirectory(data, path: path)
    }

    private static func readDirectory(_ data: Data, path: String) throws -> [String: Range<Int>] {
        try data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) -> [String: Range<Int>] in
            let n = buf.count
            func u16(_ o: Int) -> Int { Int(UInt16(littleEndian: buf.loadUnaligned(fromByteOffset: o, as: UInt16.self))) }
            func u32(_ o: Int) -> Int { Int(UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: o, as: UInt32.self))) }
            func u64(_ o: Int) -> Int { Int(UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: o, as: UInt64.self))) }
            let truncated = RoCBertError(path, "not a complete zip archive (truncated pytorch_model.bin?)")
            // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
            var eocd = -1
            var o = n - 22
            while o >= max(0, n - 22 - 65535) {
                if u32(o) == 0x0605_4b50 { eocd = o; break }
                o -= 1
            }
            guard eocd >= 0 else { throw truncated }
            var count = u16(eocd + 10)
            var dirOffset = u32(eocd + 16)
            if (count == 0xFFFF || dirOffset == 0xFFFF_FFFF), eocd >= 20, u32(eocd - 20) == 0x0706_4b50 {
                let z64 = u64(eocd - 20 + 8)
                guard z64 + 56 <= n, u32(z64) == 0x0606_4b50 else { throw truncated }
                count = u64(z64 + 32)
                dirOffset = u64(z64 + 48)
            }
            var entries: [String: Range<Int>] = [:]
            var p = dirOffset
            for _ in 0..<count {
                guard p + 46 <= n, u32(p) == 0x0201_4b50 else { throw truncated }
                let method = u16(p + 10)
                var size = u32(p + 20)
                var uncompressed = u32(p + 24)
                let nameLen = u16(p + 28), extraLen = u16(p + 30), commentLen = u16(p + 32)
                var local = u32(p + 42)
                guard p + 46 + nameLen + extraLen <= n else { throw truncated }
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: buf[(p + 46)..<(p + 46 + nameLen)]), as: UTF8.self)
                // ZIP64 extra field: the 64-bit values appear in order for the fields set to 0xFFFFFFFF.
                var e = p + 46 + nameLen
                let extraEnd = e + extraLen
                while e + 4 <= extraEnd {
                    let id = u16(e), len = u16(e + 2)
                    if id == 0x0001 {
                        var q = e + 4
                        if uncompressed == 0xFFFF_FFFF { uncompressed = u64(q); q += 8 }
                        if size == 0xFFFF_FFFF { size = u64(q); q += 8 }
                        if local == 0xFFFF_FFFF { local = u64(q) }
                    }
                    e += 4 + len
                }
                guard method == 0, uncompressed == size else { throw RoCBertError(path, "zip entry \(name) is compressed (method \(method)); torch.save stores entries uncompressed") }
                guard local + 30 <= n, u32(local) == 0x0403_4b50 else { throw truncated }
                let start = local + 30 + u16(local + 26) + u16(local + 28)
                guard start + size <= n else { throw truncated }
                entries[name] = start..<(start + size)
                p += 46 + nameLen + extraLen + commentLen
            }
            return entries
        }
    }
}
