import CFreeType

/// A square 8-bit grayscale image of one glyph's em box, row 0 at the top, 0 = paper, 255 = ink.
public struct GlyphBitmap: Equatable, Sendable {
    /// Width and height in pixels.
    public let size: Int
    /// size × size coverage values, row-major from the top-left corner.
    public var pixels: [UInt8]

    /// An all-paper bitmap.
    public init(size: Int) {
        self.size = size
        self.pixels = [UInt8](repeating: 0, count: size * size)
    }

    /// Coverage at column x, row y.
    public subscript(x: Int, y: Int) -> UInt8 { pixels[y * size + x] }
}

/// Renders characters of one face into fixed-size bitmaps framed by the font's em box.
///
/// The frame is the em box, never the glyph's bounding box: 己/已/巳 or 未/末 differ only in
/// how far a stroke reaches, and centring each glyph on its own ink would stretch or shift
/// exactly those differences away. Outlines are rendered unhinted at a sub-pixel offset so
/// every glyph sits on the same grid as it does in the design space.
public final class GlyphRenderer {
    /// The face glyphs come from.
    public let face: FontFace
    /// Bitmap width and height in pixels; one em maps onto it.
    public let size: Int
    /// Design-space y of the em box's bottom edge (negative: below the baseline).
    public let emBottom: Int

    /// Prepares `face` for rendering at `size` × `size` pixels per em.
    public init(face: FontFace, size: Int = 64) throws {
        guard size >= 8 && size <= 1024 else { throw GlyphError.invalidArgument("glyph size must be 8...1024 px, got \(size)") }
        self.face = face
        self.size = size
        let error = FT_Set_Pixel_Sizes(face.face, FT_UInt(size), FT_UInt(size))
        guard error == 0 else {
            throw GlyphError.fontUnreadable(path: face.path, reason: "cannot scale to \(size) px (FreeType error \(error))")
        }
        // CJK fonts put the ideographic em box at [sTypoDescender, sTypoAscender] of the OS/2
        // table (-120…880 in Noto CJK). The hhea ascender/descender include line gap and
        // would shift glyphs down; use them only when OS/2 does not describe a full em.
        let em = face.unitsPerEM
        if let os2 = FT_Get_Sfnt_Table(face.face, FT_SFNT_OS2)?.assumingMemoryBound(to: TT_OS2.self).pointee,
           Int(os2.sTypoAscender) - Int(os2.sTypoDescender) == em {
            emBottom = Int(os2.sTypoDescender)
        } else {
            let ascender = Int(face.face.pointee.ascender), descender = Int(face.face.pointee.descender)
            emBottom = (ascender + descender - em) / 2
        }
    }

    /// The glyph of `scalar` in its em box, or nil when the face has no glyph for it.
    public func render(_ scalar: Unicode.Scalar) throws -> GlyphBitmap? {
        let glyphIndex = FT_Get_Char_Index(face.face, FT_ULong(scalar.value))
        guard glyphIndex != 0 else { return nil }
        let flags = FT_Int32(FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP)
        var error = FT_Load_Glyph(face.face, glyphIndex, flags)
        guard error == 0, let slot = face.face.pointee.glyph, slot.pointee.format == FT_GLYPH_FORMAT_OUTLINE else {
            throw GlyphError.renderFailed(path: face.path, character: String(scalar),
                                          reason: error == 0 ? "glyph is not an outline" : "FreeType error \(error)")
        }
        // Move the em box onto [0, size]² in 26.6 fixed point: up by the em bottom, and across
        // so the advance (one em for ideographs) is centred.
        let em = Double(face.unitsPerEM)
        let px = Double(size)
        let dy = -Double(emBottom) / em * px * 64
        let dx = (px * 64 - Double(slot.pointee.advance.x)) / 2
        FT_Outline_Translate(&slot.pointee.outline, FT_Pos(dx.rounded()), FT_Pos(dy.rounded()))

        var bitmap = GlyphBitmap(size: size)
        bitmap.pixels.withUnsafeMutableBufferPointer { buffer in
            // A positive pitch puts row 0 at the top; the rasteriser maps outline y = 0 to the
            // bottom row, so the em box lands exactly on the image.
            var target = FT_Bitmap()
            target.rows = UInt32(size)
            target.width = UInt32(size)
            target.pitch = Int32(size)
            target.buffer = buffer.baseAddress
            target.num_grays = 256
            target.pixel_mode = UInt8(FT_PIXEL_MODE_GRAY.rawValue)
            error = FT_Outline_Get_Bitmap(face.library, &slot.pointee.outline, &target)
        }
        guard error == 0 else {
            throw GlyphError.renderFailed(path: face.path, character: String(scalar), reason: "FreeType error \(error)")
        }
        return bitmap
    }
}
