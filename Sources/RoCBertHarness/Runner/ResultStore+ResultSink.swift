import Foundation
import RoCBertAttack
import RoCBertStore

/// The SQLite store as the runner's sink: harness outcomes become store records.
extension ResultStore: ResultSink {
    public func record(_ o: ExampleOutcome, example e: DatasetExample, runId: Int64) throws {
        // The recorded clean text is the segment the attack edited, so reports diff and measure it.
        let segments = o.segments ?? e.firstSegments
        let r = ExampleRecord(
            exampleIndex: e.index, exampleId: e.id, cleanText: segments.edited, pairText: segments.fixed,
            choices: e.choices.isEmpty ? nil : e.choices, label: e.goldLabel,
            cleanPrediction: o.cleanOutput.map { RecordedPrediction($0, tagNames: o.tagNames) } ?? .none,
            cleanScores: o.cleanOutput?.probabilities ?? [],
            attackedText: o.attacked?.text, attackedPrediction: o.attackedOutput.map { RecordedPrediction($0, tagNames: o.tagNames) },
            attackedScores: o.attackedOutput?.probabilities,
            status: o.status, queries: o.queries, modelQueries: o.modelQueries,
            perturbedCharacters: o.attacked?.perturbedCharacters ?? 0, textLength: o.textLength ?? segments.edited.unicodeScalars.count,
            perturbations: (o.attacked?.edits ?? []).map {
                Perturbation(position: $0.range.lowerBound, original: $0.original, replacement: $0.replacement,
                             transformation: $0.transformation, justification: $0.justification, outOfVocabulary: $0.outOfVocabulary,
                             humanConfusion: $0.humanConfusion, substituteRank: $0.substituteRank, toneChanged: $0.toneChanged,
                             shapeKept: $0.shapeKept, pronunciationKept: $0.pronunciationKept)
            },
            extraMetrics: o.extraMetrics, errorMessage: o.errorMessage, elapsedSeconds: o.seconds)
        try record(r, runId: runId)
    }
}
