import CFreeType
import Foundation

/// One face of a font file (a .ttc holds several), opened through FreeType and chosen by family name.
public final class FontFace {
    /// The font file the face was read from.
    public let path: String
    /// The face's family name as FreeType reports it, e.g. "Noto Sans CJK SC".
    public let familyName: String
    /// Index of the face inside the file (found, not assumed: collections differ between releases).
    public let faceIndex: Int
    /// The name table's version string (name ID 5), e.g. "Version 2.004;hotconv 1.0.118;makeotfexe 2.5.65603".
    public let version: String
    /// Font design units per em.
    public let unitsPerEM: Int

    let library: FT_Library
    let face: FT_Face

    /// Opens `path` and selects the face whose family name is exactly `family`.
    public init(path: String, family: String = "Noto Sans CJK SC") throws {
        guard FileManager.default.fileExists(atPath: path) else { throw GlyphError.fontNotFound(path: path) }
        var lib: FT_Library?
        var error = FT_Init_FreeType(&lib)
        guard error == 0, let lib else {
            throw GlyphError.fontUnreadable(path: path, reason: "FreeType initialisation failed (error \(error))")
        }
        var available: [String] = []
        var found: (FT_Face, Int)?
        var faceCount = 1
        var index = 0
        // Iterate the collection rather than hard-coding an index: the order of faces in
        // NotoSansCJK-Regular.ttc is not part of any contract.
        while index < faceCount && found == nil {
            var candidate: FT_Face?
            error = FT_New_Face(lib, path, FT_Long(index), &candidate)
            guard error == 0, let candidate else {
                FT_Done_FreeType(lib)
                throw GlyphError.fontUnreadable(path: path, reason: "FreeType error \(error) opening face \(index)")
            }
            faceCount = Int(candidate.pointee.num_faces)
            let name = candidate.pointee.family_name.map { String(cString: $0) } ?? ""
            if name == family {
                found = (candidate, index)
            } else {
                available.append(name)
                FT_Done_Face(candidate)
            }
            index += 1
        }
        guard let (face, faceIndex) = found else {
            FT_Done_FreeType(lib)
            throw GlyphError.faceNotFound(path: path, family: family, available: available)
        }
        guard face.pointee.face_flags & FT_Long(FT_FACE_FLAG_SCALABLE) != 0 else {
            FT_Done_Face(face)
            FT_Done_FreeType(lib)
            throw GlyphError.fontUnreadable(path: path, reason: "face \"\(family)\" has no outlines")
        }
        self.path = path
        self.library = lib
        self.face = face
        self.faceIndex = faceIndex
        self.familyName = family
        self.unitsPerEM = Int(face.pointee.units_per_EM)
        self.version = Self.nameString(face, id: UInt16(TT_NAME_ID_VERSION_STRING)) ?? "unknown"
    }

    deinit {
        FT_Done_Face(face)
        FT_Done_FreeType(library)
    }

    /// Whether the face maps `scalar` to a glyph (glyph 0 is .notdef, i.e. missing).
    public func hasGlyph(_ scalar: Unicode.Scalar) -> Bool {
        FT_Get_Char_Index(face, FT_ULong(scalar.value)) != 0
    }

    /// A name-table entry, preferring the Windows Unicode record (UTF-16BE) over the Mac one.
    private static func nameString(_ face: FT_Face, id: UInt16) -> String? {
        var mac: String?
        for i in 0..<FT_Get_Sfnt_Name_Count(face) {
            var name = FT_SfntName()
            guard FT_Get_Sfnt_Name(face, i, &name) == 0, name.name_id == id, let bytes = name.string else { continue }
            let data = Array(UnsafeBufferPointer(start: bytes, count: Int(name.string_len)))
            if name.platform_id == UInt16(TT_PLATFORM_MICROSOFT) {
                let units = stride(from: 0, to: data.count - 1, by: 2).map { UInt16(data[$0]) << 8 | UInt16(data[$0 + 1]) }
                return String(decoding: units, as: UTF16.self)
            }
            if name.platform_id == UInt16(TT_PLATFORM_MACINTOSH), mac == nil {
                mac = String(decoding: data, as: UTF8.self)
            }
        }
        return mac
    }
}
