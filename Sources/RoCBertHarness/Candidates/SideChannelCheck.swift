import Foundation
import RoCBert
import RoCBertAttack

/// Whether a RoCBert checkpoint's shape and pronunciation inputs change under an edit: the idea
/// behind the model is that a look-alike keeps the shape id and a homophone the pronunciation id,
/// so the side channels stay put while the token changes. Recorded per edit so a report can show
/// whether they did.
struct SideChannelCheck {
    let tokenizer: RoCBertTokenizer
    let shape: Bool
    let pronunciation: Bool

    /// The check for the checkpoint in `directory`; nil when its model reads neither side input.
    init?(directory: URL, tokenizer: RoCBertTokenizer) throws {
        let config = try RoCBertConfig(contentsOf: directory.appendingPathComponent("config.json"))
        shape = config.hasSideInputs && config.enableShape && tokenizer.hasSideTables
        pronunciation = config.hasSideInputs && config.enablePronunciation && tokenizer.hasSideTables
        guard shape || pronunciation else { return nil }
        self.tokenizer = tokenizer
    }

    /// `edit` with `shapeKept` / `pronunciationKept` set: true when the replacement's tokens carry the
    /// original's ids one for one (a split or pinyin edit that changes the token count keeps neither).
    /// `replacement` is the edit's replacement as this tokenizer encodes it (without special tokens).
    func annotate(_ edit: SlotEdit, replacement to: Encoding) -> SlotEdit {
        let from = tokenizer.encode(edit.original, addSpecialTokens: false)
        var e = edit
        if shape { e.shapeKept = from.inputShapeIds == to.inputShapeIds }
        if pronunciation { e.pronunciationKept = from.inputPronunciationIds == to.inputPronunciationIds }
        return e
    }
}
