/// What of a character's primary reading its pronunciation id keeps, i.e. which sound
/// substitutions leave the id unchanged.
public enum PronunciationKey: Sendable {
    /// The toned syllable (是 shì = 事 shì): homophones of the same tone only.
    case toned
    /// The syllable without its tone (是 shì = 时 shí): every substitute the homophone attack offers.
    case toneless
    /// The toneless syllable with each near-homophone rule's two spellings made one (zh → z, ang → an,
    /// …): also the near-homophone attack's substitutes (是 shì = 四 sì), at the cost of fewer ids.
    case nearHomophone(NearHomophoneRules)

    public func key(of p: Pinyin) -> String {
        switch self {
        case .toned: return p.description
        case .toneless: return p.syllable
        case .nearHomophone(let rules):
            var initial = p.initial, final = p.final
            for rule in rules.rules {
                switch rule.kind {
                case .initial where initial == rule.to: initial = rule.from
                case .final where final == rule.to: final = rule.from
                default: continue
                }
            }
            return initial + final
        }
    }
}
