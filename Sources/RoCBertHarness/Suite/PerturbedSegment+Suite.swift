import RoCBertCore

extension PerturbedSegment {
    /// Reads `perturb:` of one `attacks:` entry. A segment the task or data set does not have is an
    /// error naming the key, since the attack would otherwise edit a segment the user did not choose.
    static func parse(_ y: YAMLReader, task: AttackTask, pairNamed: Bool) throws -> PerturbedSegment {
        let segment = try y.choice("perturb", Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) }), default: .first)
        guard segment != .first else { return segment }
        guard task == .sequenceClassification || task == .multipleChoice else {
            throw y.fail("applies to sequence-classification and multiple-choice suites only", "perturb")
        }
        if task == .sequenceClassification && !pairNamed {
            throw y.fail("\(segment.rawValue) needs a second segment: name it in the dataset (pair: FIELD)", "perturb")
        }
        return segment
    }
}
