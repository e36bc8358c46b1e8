import RoCBertCore

extension DatasetLoader {
    /// Field names that hold a sentence pair's second segment in common data sets (CLUE's sentence2,
    /// GLUE-style text_b, NLI's hypothesis, HuggingFace's text_pair).
    static let pairFieldNames = ["pair", "text_pair", "text_b", "sentence2", "hypothesis"]

    /// Tasks whose model input takes a second segment (`VictimInput.pair`): the others read the
    /// question (QA) or choices (multiple choice) instead.
    static let pairTasks: Set<AttackTask> = [.sequenceClassification, .tokenClassification, .maskedLM]

    /// Refuses a line whose fields would change the task's input had the suite named them: a second
    /// segment a suite of a pair-taking task does not name, or choices outside multiple choice.
    /// Read without them the model sees another task, and every result would be silently wrong.
    static func checkUnnamedFields(_ f: [String: JSONValue], spec: DatasetSpec, task: AttackTask, line: Int) throws {
        func present(_ key: String) -> Bool {
            switch f[key] {
            case nil, .null?: return false
            case .string(let s)?: return !s.isEmpty
            case .array(let a)?: return !a.isEmpty
            default: return true
            }
        }
        func fail(_ m: String) -> LineError { LineError(file: spec.path.path, line: line, problem: m) }
        if pairTasks.contains(task), spec.pairField == nil, !spec.pairDeclined,
           let key = pairFieldNames.first(where: { $0 != spec.textField && present($0) }) {
            throw fail("field \(key) holds a second segment the suite's dataset does not name; "
                + "add pair: \(key) to the dataset (or pair: null to leave it out)")
        }
        if task != .multipleChoice, present(spec.choicesField) {
            throw fail("field \(spec.choicesField) holds answer choices, but the suite's task is \(task.rawValue); "
                + "set task: multiple-choice (or remove the field)")
        }
    }
}
