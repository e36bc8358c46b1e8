import Foundation
import RoCBert
import RoCBertAttack
import RoCBertCore

extension SuitePlan {
    /// Token classification: every tag of the data set and every watched entity type must be one the
    /// checkpoint knows. Otherwise each example with an unknown tag would fail on its own at run time,
    /// and a watched type the checkpoint never predicts could never be attacked.
    static func checkTags(_ suite: AttackSuite, _ examples: [DatasetExample]) throws {
        guard suite.task == .tokenClassification else { return }
        for c in suite.checkpoints {
            let names = try RoCBertConfig(contentsOf: c.path.appendingPathComponent("config.json")).labelNames
            let known = Set(names)
            for e in examples {
                if let tag = e.tags.first(where: { !known.contains($0) }) {
                    throw RoCBertError("\(suite.dataset.path.path):\(e.line)",
                                       "tag \(tag) is not among checkpoint \(c.name)'s labels (\(names.joined(separator: ", ")))")
                }
            }
            let types = TagScheme(names: names).types
            for attack in suite.attacks {
                if let type = attack.goal.watch.first(where: { !types.contains($0) }) {
                    throw RoCBertError(suite.file.path, "attack \(attack.name): watch: entity type \(type) is not among checkpoint \(c.name)'s entity types (\(types.joined(separator: ", ")))")
                }
            }
        }
    }
}
