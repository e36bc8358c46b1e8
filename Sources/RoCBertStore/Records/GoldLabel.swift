/// An example's gold label, one shape per head, as the store keeps it (JSON in the `label` column).
public enum GoldLabel: Equatable, Sendable {
    /// No gold (the data set gives none).
    case none
    /// Sequence classification: the class; multiple choice: the right choice. Stored as `1`.
    case classIndex(Int)
    /// Token classification: one tag per character. Stored as `["B-PER","I-PER","O"]`.
    case tags([String])
    /// Question answering: the answer and where it starts (Unicode scalars into the context).
    /// Stored as `{"start":7,"text":"红烧肉"}`.
    case answer(text: String, start: Int)
    /// Masked LM: the token that fills the mask. Stored as `{"fill":"都"}`.
    case fill(String)

    /// The class or choice index, for the heads that have one.
    public var classIndex: Int? {
        if case .classIndex(let i) = self { return i }
        return nil
    }

    /// The label as the store writes it.
    public var jsonText: String { (try? JSONColumn.encode(self)) ?? "null" }
}

extension GoldLabel: Codable {
    private enum Key: String, CodingKey { case text, start, fill }

    public init(from decoder: Decoder) throws {
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .none
        } else if let i = try? value.decode(Int.self) {
            self = .classIndex(i)
        } else if let tags = try? value.decode([String].self) {
            self = .tags(tags)
        } else {
            let o = try decoder.container(keyedBy: Key.self)
            if let fill = try o.decodeIfPresent(String.self, forKey: .fill) {
                self = .fill(fill)
                return
            }
            let text = try o.decode(String.self, forKey: .text), start = try o.decode(Int.self, forKey: .start)
            // Masked-LM golds were once stored span-shaped with start -1: they fill a mask, they sit nowhere.
            self = start < 0 ? .fill(text) : .answer(text: text, start: start)
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
        case .answer(let text, let start):
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(text, forKey: .text)
            try c.encode(start, forKey: .start)
        case .fill(let fill):
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(fill, forKey: .fill)
        }
    }
}
