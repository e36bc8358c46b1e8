import Foundation

extension ResultStore {
    /// Records people's marks on attacked texts, all of them or none, in one transaction.
    ///
    /// A judgement is refused (`StoreError.refusedJudgement`, and nothing of the batch is written) when
    /// its run or example does not exist, when its attacked text is not the example's recorded attacked
    /// text (the mark was given to another text), when its mark is not `natural` or `unnatural`, or when
    /// it names no reviewer. Recording the same judgement again changes nothing, so a sheet can be
    /// imported twice. A different mark for the same (run, example, reviewer) replaces the old mark and
    /// its time: the person changed their mind. That is the only overwrite in the store; examples and
    /// perturbations are never replaced.
    ///
    /// Returns how many judgements were new, replaced an earlier mark, or were already recorded.
    @discardableResult
    public func recordJudgements(_ judgements: [Judgement]) throws -> (added: Int, changed: Int, unchanged: Int) {
        try locked {
            try db.immediateTransaction("recording \(judgements.count) judgements") {
                let example = try db.prepare("SELECT attacked_text FROM examples WHERE run_id = ? AND example_index = ?")
                let runExists = try db.prepare("SELECT 1 FROM runs WHERE id = ?")
                let existing = try db.prepare("SELECT mark FROM judgements WHERE run_id = ? AND example_index = ? AND reviewer = ?")
                let insert = try db.prepare("""
                    INSERT INTO judgements (run_id, example_index, attacked_text, mark, reviewer, recorded_at)
                    VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                    """)
                let update = try db.prepare("""
                    UPDATE judgements SET mark = ?, recorded_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                    WHERE run_id = ? AND example_index = ? AND reviewer = ?
                    """)
                var counts = (added: 0, changed: 0, unchanged: 0)
                for j in judgements {
                    func refuse(_ problem: String) -> StoreError {
                        .refusedJudgement(file: path, runId: j.runId, exampleIndex: j.exampleIndex, problem: problem)
                    }
                    let key: [SQLiteValue] = [.integer(j.runId), .int(j.exampleIndex)]
                    guard let recorded = try example.rows(key, { $0.text(0) }).first else {
                        let run = try runExists.rows([.integer(j.runId)]) { _ in true }
                        throw refuse(run.isEmpty ? "no run with id \(j.runId)" : "run \(j.runId) has no example \(j.exampleIndex)")
                    }
                    guard let recorded else { throw refuse("the example has no attacked text to judge") }
                    if recorded != j.attackedText { throw refuse(Self.textDifference(judged: j.attackedText, recorded: recorded)) }
                    guard Judgement.marks.contains(j.mark) else {
                        throw refuse("mark \"\(j.mark)\" is not \(Judgement.natural) or \(Judgement.unnatural)")
                    }
                    guard !j.reviewer.isEmpty else { throw refuse("it names no reviewer") }

                    let reviewerKey = key + [.text(j.reviewer)]
                    let context = "recording the judgement of example \(j.exampleIndex) of run \(j.runId) by \(j.reviewer)"
                    switch try existing.rows(reviewerKey, { $0.text(0) }).first {
                    case nil:
                        try insert.run(key + [.text(j.attackedText), .text(j.mark), .text(j.reviewer)], context)
                        counts.added += 1
                    case j.mark?:
                        counts.unchanged += 1
                    default:
                        try update.run([.text(j.mark)] + reviewerKey, context)
                        counts.changed += 1
                    }
                }
                return counts
            }
        }
    }

    /// Every judgement of a run's examples, by example index, then reviewer.
    public func judgements(runId: Int64) throws -> [Judgement] {
        try locked {
            try db.execute("BEGIN", "reading the judgements of run \(runId)")
            defer { try? db.execute("COMMIT") }
            let exists = try db.prepare("SELECT 1 FROM runs WHERE id = ?").rows([.integer(runId)]) { _ in true }
            if exists.isEmpty { throw StoreError.noSuchRun(file: path, runId: runId) }
            return try db.prepare("""
                SELECT example_index, attacked_text, mark, reviewer, recorded_at
                FROM judgements WHERE run_id = ? ORDER BY example_index, reviewer
                """).rows([.integer(runId)]) { s in
                Judgement(runId: runId, exampleIndex: s.int(0), attackedText: s.text(1) ?? "", mark: s.text(2) ?? "",
                          reviewer: s.text(3) ?? "", recordedAt: s.text(4))
            }
        }
    }

    /// Where a judged text parts from the recorded one, in one line (the texts may hold newlines).
    static func textDifference(judged: String, recorded: String) -> String {
        let offset = zip(judged, recorded).prefix { $0 == $1 }.count
        return "its attacked text is not the example's recorded attacked text (they differ from character \(offset + 1) on); "
            + "the mark was given to another text"
    }
}
