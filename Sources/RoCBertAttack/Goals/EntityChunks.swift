/// One entity of a tag sequence: its type and the characters it spans.
public struct EntityChunk: Hashable, Sendable {
    public let type: String
    public let range: Range<Int>
    public init(type: String, range: Range<Int>) {
        self.type = type
        self.range = range
    }
}

/// A checkpoint's tag names read as entity tags, and tag sequences cut into entities as seqeval does
/// (its default, lenient mode): IOB2, IOB1 and BIOES/BILOU sequences all give the same chunks.
public struct TagScheme: Sendable {
    /// One tag: its position marker and its entity type ("" for outside).
    struct Tag: Sendable {
        /// B (begin), I (inside), E (end), S (single) or O (outside).
        let marker: Character
        let type: String
    }

    let tags: [Tag]

    /// `names` by tag index (the checkpoint's id2label). "B-PER", "I-PER", "E-PER", "S-PER" (and
    /// BILOU's L-, U-, M-) are prefixed tags; "O" is outside; any other name is an inside tag of
    /// that name as type, as in IO tagging.
    public init(names: [String]) {
        tags = names.map { name in
            if name == "O" { return Tag(marker: "O", type: "") }
            let parts = name.split(separator: "-", maxSplits: 1)
            let markers: [Character: Character] = ["B": "B", "I": "I", "M": "I", "E": "E", "L": "E", "S": "S", "U": "S"]
            if parts.count == 2, parts[0].count == 1, let m = markers[parts[0].first!] { return Tag(marker: m, type: String(parts[1])) }
            return Tag(marker: "I", type: name)
        }
    }

    /// The entity types the tags name, in first-seen order.
    public var types: [String] {
        var seen = Set<String>()
        return tags.map(\.type).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The entities of a tag sequence (tag indices; nil or an unknown index reads as outside).
    public func chunks(_ sequence: [Int?]) -> [EntityChunk] {
        let outside = Tag(marker: "O", type: "")
        var chunks: [EntityChunk] = []
        var previous = outside
        var begin = 0
        for (i, index) in (sequence + [nil]).enumerated() {
            let tag = index.flatMap { $0 >= 0 && $0 < tags.count ? tags[$0] : nil } ?? outside
            if Self.endsChunk(previous, tag) { chunks.append(EntityChunk(type: previous.type, range: begin..<i)) }
            if Self.startsChunk(previous, tag) { begin = i }
            previous = tag
        }
        return chunks
    }

    /// seqeval's end_of_chunk: whether an entity ends before `tag`.
    static func endsChunk(_ previous: Tag, _ tag: Tag) -> Bool {
        switch (previous.marker, tag.marker) {
        case ("E", _), ("S", _), ("B", "B"), ("B", "S"), ("B", "O"), ("I", "B"), ("I", "S"), ("I", "O"): return true
        default: return previous.marker != "O" && previous.type != tag.type
        }
    }

    /// seqeval's start_of_chunk: whether an entity starts at `tag`.
    static func startsChunk(_ previous: Tag, _ tag: Tag) -> Bool {
        switch (previous.marker, tag.marker) {
        case (_, "B"), (_, "S"), ("E", "E"), ("E", "I"), ("S", "E"), ("S", "I"), ("O", "E"), ("O", "I"): return true
        default: return tag.marker != "O" && previous.type != tag.type
        }
    }
}
