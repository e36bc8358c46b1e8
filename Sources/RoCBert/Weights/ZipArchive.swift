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

    /// Every size and offset comes from the file, so each read is bounds-checked, each 64-bit value must
    /// fit an Int, and each sum is overflow-checked: a hostile archive gets an error, never a trap or a
    /// read outside the mapped bytes.
    private static func readDirectory(_ data: Data, path: String) throws -> [String: Range<Int>] {
        try data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) -> [String: Range<Int>] in
            let n = buf.count
            let truncated = RoCBertError(path, "not a complete zip archive (truncated pytorch_model.bin?)")
            func label(_ what: String) -> String { what.hasPrefix("zip64") ? what : "zip \(what)" }
            func outside(_ what: String) -> RoCBertError {
                RoCBertError(path, "\(label(what)) points outside the \(n)-byte file")
            }
            func add(_ a: Int, _ b: Int, _ what: String) throws -> Int {
                let (s, o) = a.addingReportingOverflow(b)
                guard !o else { throw outside(what) }
                return s
            }
            func check(_ o: Int, _ width: Int, _ what: String) throws {
                guard o >= 0, o <= n - width else { throw outside(what) }
            }
            func u16(_ o: Int, _ what: String) throws -> Int {
                try check(o, 2, what)
                return Int(UInt16(littleEndian: buf.loadUnaligned(fromByteOffset: o, as: UInt16.self)))
            }
            func u32(_ o: Int, _ what: String) throws -> Int {
                try check(o, 4, what)
                return Int(UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
            }
            func u64(_ o: Int, _ what: String) throws -> Int {
                try check(o, 8, what)
                let v = UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: o, as: UInt64.self))
                guard let i = Int(exactly: v), i <= n else { throw RoCBertError(path, "\(label(what)) is \(v), beyond the \(n)-byte file") }
                return i
            }
            guard n >= 22 else { throw truncated }
            // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
            var eocd = -1
            var o = n - 22
            while o >= max(0, n - 22 - 65535) {
                if try u32(o, "end record") == 0x0605_4b50 { eocd = o; break }
                o -= 1
            }
            guard eocd >= 0 else { throw truncated }
            var count = try u16(eocd + 10, "entry count")
            var dirOffset = try u32(eocd + 16, "central directory offset")
            if count == 0xFFFF || dirOffset == 0xFFFF_FFFF, eocd >= 20, try u32(eocd - 20, "zip64 locator") == 0x0706_4b50 {
                let z64 = try u64(eocd - 20 + 8, "zip64 end record offset")
                guard try add(z64, 56, "zip64 end record") <= n, try u32(z64, "zip64 end record") == 0x0606_4b50 else { throw truncated }
                count = try u64(z64 + 32, "zip64 entry count")
                dirOffset = try u64(z64 + 48, "zip64 central directory offset")
            }
            // Each central directory entry takes at least 46 bytes, so a larger count cannot be real.
            guard count <= n / 46 else { throw RoCBertError(path, "zip claims \(count) entries, more than a \(n)-byte file can hold") }
            var entries: [String: Range<Int>] = [:]
            var p = dirOffset
            for _ in 0..<count {
                guard try add(p, 46, "central directory") <= n, try u32(p, "central directory") == 0x0201_4b50 else { throw truncated }
                let method = try u16(p + 10, "central directory")
                var size = try u32(p + 20, "central directory")
                var uncompressed = try u32(p + 24, "central directory")
                let nameLen = try u16(p + 28, "central directory"), extraLen = try u16(p + 30, "central directory")
                let commentLen = try u16(p + 32, "central directory")
                var local = try u32(p + 42, "central directory")
                guard p + 46 + nameLen + extraLen <= n else { throw truncated }
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: buf[(p + 46)..<(p + 46 + nameLen)]), as: UTF8.self)
                let entry = "entry \(name)"
                // ZIP64 extra field: the 64-bit values appear in order for the fields set to 0xFFFFFFFF.
                var e = p + 46 + nameLen
                let extraEnd = e + extraLen
                while e + 4 <= extraEnd {
                    let id = try u16(e, entry), len = try u16(e + 2, entry)
                    guard e + 4 + len <= extraEnd else { throw RoCBertError(path, "zip \(entry) has an extra field longer than its header") }
                    if id == 0x0001 {
                        var q = e + 4
                        let end = q + len
                        func next(_ what: String) throws -> Int {
                            guard q + 8 <= end else { throw RoCBertError(path, "zip \(entry) has a zip64 field too short for its \(what)") }
                            defer { q += 8 }
                            return try u64(q, "\(entry) \(what)")
                        }
                        if uncompressed == 0xFFFF_FFFF { uncompressed = try next("size") }
                        if size == 0xFFFF_FFFF { size = try next("compressed size") }
                        if local == 0xFFFF_FFFF { local = try next("local header offset") }
                    }
                    e += 4 + len
                }
                guard method == 0, uncompressed == size else { throw RoCBertError(path, "zip entry \(name) is compressed (method \(method)); torch.save stores entries uncompressed") }
                guard try add(local, 30, "\(entry) local header") <= n, try u32(local, "\(entry) local header") == 0x0403_4b50 else {
                    throw RoCBertError(path, "zip \(entry) has no local header at byte \(local) (truncated pytorch_model.bin?)")
                }
                let start = local + 30 + (try u16(local + 26, entry)) + (try u16(local + 28, entry))
                guard try add(start, size, "\(entry) data") <= n else {
                    throw RoCBertError(path, "zip \(entry) data (\(size) bytes at \(start)) runs past the end of the \(n)-byte file: truncated?")
                }
                entries[name] = start..<(start + size)
                p += 46 + nameLen + extraLen + commentLen
            }
            return entries
        }
    }
}
