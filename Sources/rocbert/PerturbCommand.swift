import ArgumentParser
import Foundation
import RoCBertAttack
import RoCBertCore
import RoCBertHarness

/// `rocbert perturb`: the candidates the tables give for a text, with the row that justifies each,
/// or (`--apply`) perturbed copies of a text or of every line of a JSONL file.
struct PerturbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perturb",
        abstract: "List a text's perturbation candidates with their justification, or write perturbed copies (--apply).",
        discussion: """
            Transformations: \(AttackSpec.transformationNames.sorted().joined(separator: ", ")).
            visual offers near-identical look-alikes a reader reads past; visual-slip offers the look-alikes
            people write for one another (visual-slip.tsv), which change the word: opt-in, for studying
            robustness to spelling slips.
            Candidates print as JSON lines in text order, best first at each position. With --limit, a
            seeded sample of that many; the same seed gives the same output.
            """
    )

    @Option(help: "The text to perturb.")
    var text: String?

    @Option(help: "A JSONL file whose lines have \"text\" (and \"id\"): with --apply, perturbed copies of each line.")
    var input: String?

    @Option(name: .customLong("transformation"), help: "A transformation (repeat for several; they interleave).")
    var transformations: [String] = []

    @Option(help: "Checkpoint folder: flags candidates outside its vocabulary; needed by masked-lm and checkpoint-*.")
    var checkpoint: String?

    @Option(help: "The committed tables.")
    var tables = "attacks/tables"

    @Option(help: "The fetched data (thesaurus, word dictionary).")
    var data = "data"

    @Option(help: "At most N candidates (a seeded sample), or with --apply N copies per text.")
    var limit: Int?

    @Option(help: "Seed of every random choice.")
    var seed: UInt64 = 0

    @Flag(help: "Write perturbed texts instead of listing candidates.")
    var apply = false

    @Option(help: "With --apply: share of editable characters rewritten.")
    var ratio = 0.15

    @Option(help: "With --apply: each rewritten character picks among its K best candidates.")
    var topK = 5

    @Flag(help: "Also edit stopwords (的, 了, 是, …).")
    var editStopwords = false

    @Option(name: .customLong("protect"), help: "A string never edited (repeatable).")
    var protected: [String] = []

    @Flag(help: "Also offer sound and shape substitutes beyond the 3,500 commonest characters (a suite's allow_rare).")
    var allowRare = false

    @Flag(help: "Also offer substitutes that are [UNK] to --checkpoint (a suite's allow_unk).")
    var allowUnk = false

    func validate() throws {
        if transformations.isEmpty { throw ValidationError("give at least one --transformation") }
        for t in transformations where !AttackSpec.transformationNames.contains(t) {
            throw ValidationError("unknown transformation \(t) (expected one of: \(AttackSpec.transformationNames.sorted().joined(separator: ", ")))")
        }
        if (text == nil) == (input == nil) { throw ValidationError("give exactly one of --text and --input") }
        if input != nil && !apply { throw ValidationError("--input needs --apply") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if !(ratio > 0 && ratio <= 1) { throw ValidationError("--ratio must lie in (0, 1]") }
        if topK < 1 { throw ValidationError("--top-k must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let tableSet = PerturbationTables(tablesDirectory: URL(fileURLWithPath: tables), dataDirectory: URL(fileURLWithPath: data))
            var constraints = AttackSpec.Constraints()
            constraints.skipStopwords = !editStopwords
            constraints.protectedStrings = protected
            constraints.allowRare = allowRare
            constraints.allowUnk = allowUnk
            let generate = try CandidateFactory.make(transformations: transformations, checkpoint: checkpoint.map { URL(fileURLWithPath: $0) },
                                                     tables: tableSet, constraints: constraints, context: "perturb")
            let editable = { (t: String) in EditableSlots.compute(t, constraints: constraints, protected: [], stopwords: Stopwords.chinese) }
            var random = SplitMix64(seed: seed)
            if apply {
                let perturber = RandomPerturber(candidates: generate, ratio: ratio, topK: topK)
                let lines: [(id: String, text: String)] = try input.map(readLines) ?? [("0", text!)]
                for line in lines {
                    for _ in 0..<(limit ?? 1) {
                        let p = perturber.perturb(line.text, editable: editable(line.text), random: &random)
                        let edits = p.edits.map(editJSON).joined(separator: ",")
                        print("{\"id\":\(CanonicalJSON.quote(line.id)),\"text\":\(CanonicalJSON.quote(p.text)),\"edits\":[\(edits)]}")
                    }
                }
                return
            }
            let clean = PerturbedText(text!)
            var all: [(slot: Int, rank: Int, edit: SlotEdit)] = []
            for slot in editable(text!) {
                for (rank, e) in generate(clean, slot).enumerated() { all.append((slot, rank, e)) }
            }
            if let limit, limit < all.count {
                all = Array(all.shuffled(using: &random).prefix(limit)).sorted { ($0.slot, $0.rank) < ($1.slot, $1.rank) }
            }
            for c in all { print(editJSON(c.edit)) }
        }
    }

    private func editJSON(_ e: SlotEdit) -> String {
        let vocabulary = checkpoint == nil ? "" : ",\"in_vocabulary\":\(!e.outOfVocabulary)"
        return "{\"position\":\(e.range.lowerBound),\"original\":\(CanonicalJSON.quote(e.original)),\"replacement\":\(CanonicalJSON.quote(e.replacement)),"
            + "\"transformation\":\(CanonicalJSON.quote(e.transformation)),\"justification\":\(CanonicalJSON.quote(e.justification))\(vocabulary)}"
    }

    /// (id, text) of every line of a JSONL file; a bad line is an error naming it.
    private func readLines(_ path: String) throws -> [(id: String, text: String)] {
        let examples = try DatasetLoader.load(DatasetSpec(path: URL(fileURLWithPath: path), labelsRequired: false), task: .sequenceClassification)
        return examples.map { ($0.id, $0.text) }
    }
}
