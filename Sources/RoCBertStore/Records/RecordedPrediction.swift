import RoCBertCore

/// What a head predicted on one input, as the store keeps it (JSON in the prediction columns).
public enum RecordedPrediction: Equatable, Sendable {
    /// Nothing predicted (the example failed before the model answered).
    case none
    /// Sequence classification: the argmax class; multiple choice: the chosen index. Stored as `1`.
    case classIndex(Int)
    /// Token classification: the tag of each character by the checkpoint's label name, nil for a
    /// character no token covers. Stored as `["B-PER","O",null]`.
    case tags([String?])
    /// Question answering: the predicted answer and its span [start, end) in Unicode scalars of the
    /// context. Stored as `{"end":12,"start":7,"text":"红烧肉"}`.
    case span(text: String, start: Int, end: Int)
    /// Masked LM: the top-1 token for each mask, in order. Stored as `{"fills":["都"]}`.
    case fills([String])

    /// The class or choice index, for the heads that have one.
    public var classIndex: Int? {
        if case .classIndex(let i) = self { return i }
        return nil
    }

    /// The prediction as the store writes it.
    public var jsonText: String { (try? JSONColumn.encode(self)) ?? "null" }

    /// A stored prediction read back for a run of `head`: masked-LM fills were once stored as a bare
    /// array, which only the head tells apart from a tag list.
    func asRecorded(by head: AttackTask) -> RecordedPrediction {
        if head == .maskedLM, case .tags(let tokens) = self { return .fills(tokens.map { $0 ?? "" }) }
        return self
    }
}

extension RecordedPrediction: Codable {
    private enum Key: String, CodingKey { case text, start, end, fills }

    /// A stored tag: its name, its id as a number when stored without the checkpoint's names, or null.
    private struct StoredTag: Decodable {
        let name: String?
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { name = nil } else if let id = try? c.decode(Int.self) { name = String(id) } else { name = try c.decode(String.self) }
        }
    }

    public init(from decoder: Decoder) throws {
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .none
        } else if let i = try? value.decode(Int.self) {
            self = .classIndex(i)
        } else if let tags = try? value.decode([StoredTag].self) {
            self = .tags(tags.map(\.name))
        } else {
            let o = try decoder.container(keyedBy: Key.self)
            if let fills = try o.decodeIfPresent([String].self, forKey: .fills) {
                self = .fills(fills)
                return
            }
            self = .span(text: try o.decode(String.self, forKey: .text), start: try o.decode(Int.self, forKey: .start),
                         end: try o.decode(Int.self, forKey: .end))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .none:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .classIndex(let i):
            var c = encoder.singleValueContainer()
            try c.encode(i)
        case .tags(let tags):
            var c = encoder.singleValueContainer()
            try c.encode(tags)
        case .span(let text, let start, let end):
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(text, forKey: .text)
            try c.encode(start, forKey: .start)
            try c.encode(end, forKey: .end)
        case .fills(let fills):
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(fills, forKey: .fills)
        }
    }
}
