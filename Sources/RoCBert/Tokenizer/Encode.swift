/// Encoding texts and pairs into model inputs, as the reference's `__call__` / `encode_plus`.
extension RoCBertTokenizer {
    /// Encodes a text, or a text pair, with truncation and padding.
    ///
    /// `maxLength` nil falls back to `options.modelMaxLength`; with neither, nothing is truncated
    /// and `.maxLength` padding does nothing. Unlike the reference's `__call__`, a `maxLength`
    /// alone does not switch truncation on: pass `truncation` explicitly.
    public func encode(
        _ text: String,
        pair: String? = nil,
        addSpecialTokens: Bool = true,
        maxLength: Int? = nil,
        truncation: Truncation = .none,
        padding: Padding = .none
    ) -> Encoding {
        var encoding = prepare(text, pair: pair, addSpecialTokens: addSpecialTokens,
                               maxLength: maxLength ?? options.modelMaxLength, truncation: truncation)
        if padding == .maxLength, let length = maxLength ?? options.modelMaxLength {
            pad(&encoding, to: length)
        }
        return encoding
    }

    /// Encodes several texts (each with an optional pair); `.longest` pads to the longest of them.
    public func encodeBatch(
        _ inputs: [(text: String, pair: String?)],
        addSpecialTokens: Bool = true,
        maxLength: Int? = nil,
        truncation: Truncation = .none,
        padding: Padding = .none
    ) -> [Encoding] {
        var encodings = inputs.map {
            prepare($0.text, pair: $0.pair, addSpecialTokens: addSpecialTokens,
                    maxLength: maxLength ?? options.modelMaxLength, truncation: truncation)
        }
        let target: Int?
        switch padding {
        case .none: target = nil
        case .longest: target = encodings.map(\.count).max()
        case .maxLength: target = maxLength ?? options.modelMaxLength
        }
        if let target {
            for i in encodings.indices { pad(&encodings[i], to: target) }
        }
        return encodings
    }

    /// Encodes texts without pairs.
    public func encodeBatch(
        _ texts: [String],
        addSpecialTokens: Bool = true,
        maxLength: Int? = nil,
        truncation: Truncation = .none,
        padding: Padding = .none
    ) -> [Encoding] {
        encodeBatch(texts.map { (text: $0, pair: nil) }, addSpecialTokens: addSpecialTokens,
                    maxLength: maxLength, truncation: truncation, padding: padding)
    }

    private func prepare(
        _ text: String, pair: String?, addSpecialTokens: Bool, maxLength: Int?, truncation: Truncation
    ) -> Encoding {
        var first = tokenizeWithOffsets(text)
        var second = pair.map(tokenizeWithOffsets)
        let specials = addSpecialTokens ? (second == nil ? 2 : 3) : 0
        let total = first.count + (second?.count ?? 0) + specials
        if let maxLength, total > maxLength {
            let (keep0, keep1) = truncation.keptLengths(
                first: first.count, second: second?.count, toRemove: total - maxLength)
            first.removeLast(first.count - keep0)
            if let keep1 { second!.removeLast(second!.count - keep1) }
        }

        let looked0 = first.map { ids(of: $0.token) }
        let looked1 = second?.map { ids(of: $0.token) }
        func column<T>(_ f: ((id: Int, shape: Int, pronunciation: Int)) -> T, special: T) -> [T] {
            let a = looked0.map(f)
            let b = looked1?.map(f)
            return addSpecialTokens ? buildInputs(a, b, cls: special, sep: special) : a + (b ?? [])
        }
        let offsetColumn: [Range<Int>?] = addSpecialTokens
            ? buildInputs(first.map { Optional($0.offsets) }, second?.map { Optional($0.offsets) }, cls: nil, sep: nil)
            : (first + (second ?? [])).map(\.offsets)
        let tokens: [String]
        if addSpecialTokens {
            var t = [options.clsToken] + first.map(\.token) + [options.sepToken]
            if let second { t += second.map(\.token) + [options.sepToken] }
            tokens = t
        } else {
            tokens = (first + (second ?? [])).map(\.token)
        }
        let n0 = first.count, n1 = second?.count
        let sequenceIds: [Int?] = addSpecialTokens
            ? buildInputs(Array(repeating: 0, count: n0), n1.map { Array(repeating: 1, count: $0) }, cls: nil, sep: nil)
            : Array(repeating: 0, count: n0) + Array(repeating: 1, count: n1 ?? 0)
        return Encoding(
            tokens: tokens,
            inputIds: addSpecialTokens
                ? buildInputs(looked0.map(\.id), looked1?.map(\.id), cls: clsTokenId, sep: sepTokenId)
                : (looked0 + (looked1 ?? [])).map(\.id),
            inputShapeIds: hasSideTables ? column(\.shape, special: specialShapeId) : nil,
            inputPronunciationIds: hasSideTables ? column(\.pronunciation, special: specialPronunciationId) : nil,
            tokenTypeIds: addSpecialTokens
                ? createTokenTypeIdsFromSequences(Array(repeating: 0, count: n0), n1.map { Array(repeating: 0, count: $0) })
                : Array(repeating: 0, count: tokens.count),
            attentionMask: Array(repeating: 1, count: tokens.count),
            specialTokensMask: addSpecialTokens
                ? getSpecialTokensMask(Array(repeating: 0, count: n0), n1.map { Array(repeating: 0, count: $0) })
                : Array(repeating: 0, count: tokens.count),
            offsets: offsetColumn,
            sequenceIds: sequenceIds
        )
    }
}
