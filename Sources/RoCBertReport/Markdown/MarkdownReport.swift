import Foundation
import RoCBertCore
import RoCBertStore

/// The markdown report comparing checkpoints under attack, and the SVG charts it links to.
///
/// Everything is ordered explicitly (never by dictionary order), so the same database gives
/// byte-identical files.
public struct MarkdownReport: Sendable {
    /// The runs covered.
    public var data: ReportData
    /// The first heading.
    public var title: String
    /// Successful attacks shown per run.
    public var samplesPerRun = 3
    /// Successful attacks shown in all, so a report over many runs stays readable.
    public var maxSamples = 30
    /// Disagreeing examples shown per checkpoint pair and attack.
    public var maxDisagreements = 5
    /// Whether to include per-run metric tables, the transformation breakdown, validity figures and samples (`compare` leaves them out).
    public var detailed = true
    /// The confidence level of every interval and paired test.
    public var level = 0.95
    /// The bootstrap's seed: the same seed gives the same report.
    public var bootstrapSeed: UInt64 = 1

    /// A report over `data`; the title defaults to the suites.
    public init(data: ReportData, title: String? = nil) {
        self.data = data
        self.title = title ?? "Robustness report: " + (data.suites.isEmpty ? "no runs" : data.suites.joined(separator: ", "))
    }

    /// File names of the charts written beside `markdownName` (e.g. `demo.md` → `demo-accuracy.svg`).
    public static func chartNames(markdownName: String) -> (accuracy: String, budget: String) {
        let stem = (markdownName as NSString).deletingPathExtension
        return ("\(stem)-accuracy.svg", "\(stem)-budget.svg")
    }

    /// The markdown file and its charts, by file name.
    public func files(markdownName: String) -> [(name: String, contents: String)] {
        let names = Self.chartNames(markdownName: markdownName)
        let budget = BudgetChart(data: data, level: level)
        var out = [(markdownName, markdown(charts: (names.accuracy, budget == nil ? nil : names.budget)))]
        if !data.runs.isEmpty { out.append((names.accuracy, AccuracyChart(data: data).svg)) }
        if let budget { out.append((names.budget, budget.svg)) }
        return out
    }

    /// Writes the markdown to `url` and the charts beside it; returns every file written.
    @discardableResult
    public func write(to url: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw RoCBertError(url.path, "is a folder; give the report's file name, e.g. \(url.appendingPathComponent("report.md").path)")
        }
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RoCBertError(folder.path, "cannot create the report's folder (\((error as NSError).localizedFailureReason ?? "not writable"))")
        }
        return try files(markdownName: url.lastPathComponent).map { file in
            let target = folder.appendingPathComponent(file.name)
            do {
                try Data(file.contents.utf8).write(to: target, options: .atomic)
            } catch {
                throw RoCBertError(target.path, "cannot write the file (\((error as NSError).localizedFailureReason ?? "not writable"))")
            }
            return target
        }
    }

    /// The markdown; `charts` are the SVG file names to link (nil: no link).
    public func markdown(charts: (accuracy: String?, budget: String?) = (nil, nil)) -> String {
        var s = "# \(MarkdownText.escape(title))\n\n"
        let recorded = data.runs.reduce(0) { $0 + $1.records.count }
        s += "Suite: \(data.suites.map(MarkdownText.escape).joined(separator: ", ")) · database: `\(data.databaseName)` · "
        s += "\(data.runs.count) run\(data.runs.count == 1 ? "" : "s") · \(recorded) examples recorded\n\n"
        // Databases recorded before the store kept validity facts, and never judged by people, get
        // the report they always got.
        let validity = detailed ? data.runs.map(ValidityMetrics.init(run:)) : []
        let judged = detailed && data.runs.contains { !$0.judgements.isEmpty }
        let showsValidity = validity.contains(where: \.recorded) || judged
        s += Self.howToRead
        s += Self.howToReadStatistics(level: level)
        if showsValidity { s += judged ? Self.howToReadValidityJudged : Self.howToReadValidity }
        if data.runs.isEmpty { return s + "No runs recorded.\n" }
        s += runsSection()
        s += comparisonSection(chart: data.runs.isEmpty ? nil : charts.accuracy)
        if let budget = BudgetChart(data: data, level: level) { s += budgetSection(budget, chart: charts.budget) }
        if detailed {
            s += metricsSection()
            s += transformationSection()
            if showsValidity { s += validitySection(validity, judged: judged) }
            s += sideChannelSection()
            if data.checkpoints.count > 1 { s += disagreementSection() }
            s += samplesSection()
        }
        return s
    }

    static let howToRead = """
        ## How to read

        Each run attacks every example of a suite with one attack against one checkpoint. \
        An example is *skipped* when the clean prediction is already wrong, *successful* when the attack \
        changed a correct prediction, *failed* when it could not; *errors* (examples that could not be run) \
        are counted apart and left out of every rate. Following TextAttack:

        - **N** = successful + failed + skipped
        - **Original accuracy** = (N − skipped) / N
        - **Accuracy under attack** = failed / N
        - **Attack success rate** = successful / (successful + failed)
        - **Avg perturbed %** = mean over successful attacks of 100 · perturbed characters / text length (Unicode scalars)
        - **Avg queries** = mean over successful and failed examples of goal-function queries, cache hits included; \
        **avg model queries** counts only the texts actually sent to the model
        - **Δ** = value − the first checkpoint's value under the same attack; percentage points (pp) for rates
        - **–** = undefined (its denominator is zero)

        Higher accuracy under attack and lower attack success rate mean a more robust checkpoint.


        """

    /// The intervals' and paired tests' formulas, at the report's level.
    static func howToReadStatistics(level: Double) -> String {
        let l = MetricFormat.level(level)
        return """
            How sure each figure is, at \(l) confidence:

            - **Interval** of a rate (original accuracy, accuracy under attack, attack success rate): Wilson score interval \
            (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), z the standard normal's (1 + \(l))/2 quantile
            - **Interval** of a mean (perturbed %, queries): seeded percentile bootstrap, \(Bootstrap.defaultReplicates) resamples of the examples
            - **Paired test** of a checkpoint against the first under the same attack, on the examples both were run on \
            (an example *survives* when it was classified correctly and the attack failed): b = examples only the first survived, \
            c = examples only this one survived; **Δ** = (c − b) / shared examples, its interval by paired bootstrap \
            (\(Bootstrap.defaultReplicates) resamples of the shared examples); **McNemar's exact p** = min(1, 2 · P(X ≤ min(b, c))), \
            X ~ Binomial(b + c, ½); the difference is **significant** when p < \(String(format: "%g", 1 - level)). \
            Examples recorded for one checkpoint only are left out and counted


            """
    }

    /// The validity figures' formulas, after `howToRead` in reports that show them.
    static let howToReadValidity = """
        Validity of the attacks, over the substitutions (perturbations) of successful attacks only:

        - **In human confusion data** = substitutions whose (original, replacement) pair is in spelling-correction \
        confusion data / substitutions for which that is known
        - **Median substitute rank** = median position in the General Standard list (通用规范汉字表; 1 = commonest … 8105) \
        over the substitutes that are in it
        - **Outside the 3,500 commonest** = single-character substitutes ranked above 3,500 or not in the list / \
        single-character substitutes
        - **Tone changed** = sound-based substitutions (homophone, near-homophone) whose matching reading has another tone / \
        those for which that is known
        - **[UNK]** = substitutions the checkpoint's vocabulary lacks / substitutions
        - **Edits per success** = substitutions / successful attacks
        - **Over the edit budget** = successful attacks with perturbed characters / text length above the attack's \
        `max_perturbed_ratio` (possible only through `min_edits`: the budget is max(min_edits, ⌊ratio · length⌋))


        """

    /// `howToReadValidity` with the formula of people's judgements, in reports of judged runs.
    static let howToReadValidityJudged = String(howToReadValidity.dropLast(2)) + "\n" + """
        - **Judged natural** = judgements marking the attacked text natural (a reader still reads the original in it) / \
        judgements of the run's attacked texts, every reviewer's mark counted (`rocbert review`)


        """

    private func runsSection() -> String {
        var t = MarkdownTable(["run", "suite", "checkpoint", "checkpoint hash", "attack", "head", "seed", "recorded / planned", "finished"],
                              numeric: [true, false, false, false, false, false, true, true, false])
        for r in data.runs {
            let k = r.info.key
            t.add(["\(r.info.id)", MarkdownText.escape(k.suite), MarkdownText.escape(r.checkpointLabel), "`\(k.checkpointHash.prefix(12))`",
                   MarkdownText.escape(([r.attackLabel] + AttackSettings.nonDefault(k.attack)).joined(separator: ", ")),
                   MarkdownText.escape(k.head.rawValue), "\(k.seed)",
                   "\(r.info.recordedExamples) / \(r.info.plannedExamples)", r.info.finished ? "yes" : "no"])
        }
        return "## Runs\n\n" + t.markdown + "\n"
    }

    private func comparisonSection(chart: String?) -> String {
        var s = "## Side-by-side comparison\n\n"
        s += "Accuracy under attack, Δ against **\(MarkdownText.escape(data.checkpoints[0]))**:\n\n"
        let worst = WorstCase(data: data)
        var overview = MarkdownTable(["checkpoint"] + data.attacks.map(MarkdownText.escape) + (worst == nil ? [] : ["worst case"]))
        for checkpoint in data.checkpoints {
            var worstCell: [String] = []
            if let worst {
                let value = worst.accuracy(checkpoint)
                if checkpoint == worst.checkpoints[0] {
                    worstCell = [MetricFormat.percent(value)]
                } else {
                    let p = MetricFormat.pValue(worstCaseComparison(worst, checkpoint).pValue)
                    worstCell = ["\(MetricFormat.percent(value)) (\(MetricFormat.deltaPoints(value, worst.accuracy(worst.checkpoints[0]))), \(p))"]
                }
            }
            overview.add([MarkdownText.escape(checkpoint)] + data.attacks.map { attack in
                let runs = data.runs(attack: attack)
                guard let run = runs.first(where: { $0.checkpointLabel == checkpoint }) else { return "" }
                let base = runs[0].metrics.accuracyUnderAttack
                let value = run.metrics.accuracyUnderAttack
                guard run.checkpointLabel != runs[0].checkpointLabel else { return MetricFormat.percent(value) }
                let test = PairedSurvival.compare(run, with: runs[0], level: level, seed: bootstrapSeed).map { ", " + MetricFormat.pValue($0.pValue) } ?? ""
                return "\(MetricFormat.percent(value)) (\(MetricFormat.deltaPoints(value, base))\(test))"
            } + worstCell)
        }
        s += overview.markdown + "\n"
        if let chart { s += "![Accuracy under attack per checkpoint and attack](\(chart))\n\n" }
        for attack in data.attacks {
            let runs = data.runs(attack: attack)
            let base = runs[0].metrics
            s += "### \(MarkdownText.escape(attack))\n\n"
            var t = MarkdownTable(["checkpoint", "N", "original accuracy", "Δ", "accuracy under attack", "Δ", "attack success rate", "Δ",
                                   "avg perturbed %", "Δ", "avg queries", "Δ", "avg model queries", "Δ", "errors"])
            for (i, run) in runs.enumerated() {
                let m = run.metrics
                func dp(_ v: Double?, _ b: Double?) -> String { i == 0 ? "base" : MetricFormat.deltaPoints(v, b) }
                func dn(_ v: Double?, _ b: Double?) -> String { i == 0 ? "base" : MetricFormat.delta(v, b) }
                t.add([MarkdownText.escape(run.checkpointLabel), "\(m.n)",
                       MetricFormat.percent(m.originalAccuracy), dp(m.originalAccuracy, base.originalAccuracy),
                       MetricFormat.percent(m.accuracyUnderAttack), dp(m.accuracyUnderAttack, base.accuracyUnderAttack),
                       MetricFormat.percent(m.attackSuccessRate), dp(m.attackSuccessRate, base.attackSuccessRate),
                       MetricFormat.percent(m.averagePerturbedPercent), dp(m.averagePerturbedPercent, base.averagePerturbedPercent),
                       MetricFormat.number(m.averageQueries), dn(m.averageQueries, base.averageQueries),
                       MetricFormat.number(m.averageModelQueries), dn(m.averageModelQueries, base.averageModelQueries),
                       "\(m.errors)"])
            }
            s += t.markdown + "\n"
            if runs.count > 1 { s += pairedTestTable(runs) }
        }
        if let worst { s += worstCaseSection(worst) }
        return s
    }

    /// Each checkpoint's accuracy under attack against the first's, paired on their shared examples.
    private func pairedTestTable(_ runs: [ReportRun]) -> String {
        pairedTestTable(baseline: runs[0].checkpointLabel, runs.dropFirst().map {
            ($0.checkpointLabel, PairedSurvival.compare($0, with: runs[0], level: level, seed: bootstrapSeed))
        }, figure: "accuracy under attack")
    }

    /// A table of paired comparisons against `baseline`; a nil comparison is a pair on different data sets.
    private func pairedTestTable(baseline: String, _ rows: [(label: String, comparison: PairedComparison?)], figure: String) -> String {
        let l = MetricFormat.level(level)
        var s = "Paired against **\(MarkdownText.escape(baseline))** on the examples both were run on "
        s += "(survived = classified correctly and not flipped):\n\n"
        var t = MarkdownTable(["checkpoint", "shared", "left out", "survived only the first", "survived only this one",
                               "Δ \(figure)", "\(l) interval of Δ", "McNemar exact", "verdict at \(l)"],
                              numeric: [false, true, true, true, true, true, true, true, false])
        for (label, comparison) in rows {
            guard let c = comparison else {
                t.add([MarkdownText.escape(label), "–", "–", "–", "–", "–", "–", "–", "not paired: other data set"])
                continue
            }
            t.add([MarkdownText.escape(label), "\(c.shared)", "\(c.leftOut)", "\(c.baselineOnlySurvived)", "\(c.candidateOnlySurvived)",
                   c.delta.map { MetricFormat.deltaPoints(100 * $0, 0) } ?? MetricFormat.undefined,
                   MetricFormat.deltaInterval(c.interval?.percent),
                   MetricFormat.pValue(c.pValue), c.shared == 0 ? "–" : (c.significant ? "significant" : "not significant")])
        }
        return s + t.markdown + "\n"
    }

    /// The worst case over every attack: each checkpoint's share of examples that survived them all,
    /// its interval, and the paired test against the first checkpoint.
    private func worstCaseSection(_ worst: WorstCase) -> String {
        let l = MetricFormat.level(level)
        var s = "### worst case over every attack\n\n"
        s += "An example counts as robust only if it survives every attack above (HELM's worst case).\n\n"
        var t = MarkdownTable(["checkpoint", "N", "robust to every attack", "\(l) interval"])
        for checkpoint in worst.checkpoints {
            let o = worst.outcomes[checkpoint] ?? [:]
            let survived = o.values.filter { $0 }.count
            let ci = WilsonInterval.interval(successes: survived, trials: o.count, level: level)
                .map(\.percent)
            t.add([MarkdownText.escape(checkpoint), "\(o.count)", MetricFormat.percent(worst.accuracy(checkpoint)), MetricFormat.interval(ci, percent: true)])
        }
        s += t.markdown + "\n"
        if worst.checkpoints.count > 1 {
            let base = worst.checkpoints[0]
            s += pairedTestTable(baseline: base, worst.checkpoints.dropFirst().map { c in
                (c, worstCaseComparison(worst, c))
            }, figure: "worst-case accuracy")
        }
        return s
    }

    private func worstCaseComparison(_ worst: WorstCase, _ checkpoint: String) -> PairedComparison {
        PairedComparison(baseline: worst.outcomes[worst.checkpoints[0]] ?? [:], candidate: worst.outcomes[checkpoint] ?? [:],
                         level: level, seed: bootstrapSeed)
    }

    /// Examples one checkpoint survives and the first does not (or the reverse), both attacked texts
    /// side by side; at most `maxDisagreements` per pair, lowest index first.
    func disagreementSection() -> String {
        var s = "## Where the checkpoints disagree\n\n"
        s += "Examples one checkpoint survives and the first does not, or the reverse, lowest example index first "
        s += maxDisagreements == .max ? "(all of them).\n\n" : "(at most \(maxDisagreements) per pair; all of them: `rocbert compare --disagreements --format csv`).\n\n"
        var any = false
        for attack in data.attacks {
            let runs = data.runs(attack: attack)
            guard let base = runs.first else { continue }
            for run in runs.dropFirst() where PairedSurvival.pairable(run, base) {
                let rows = PairedSurvival.disagreements(run, with: base)
                guard !rows.isEmpty else { continue }
                any = true
                s += "### \(MarkdownText.escape(attack)): \(MarkdownText.escape(base.checkpointLabel)) against \(MarkdownText.escape(run.checkpointLabel))\n\n"
                s += "\(rows.count) example\(rows.count == 1 ? "" : "s") disagree\(rows.count == 1 ? "s" : ""): "
                s += "\(rows.filter(\.baselineSurvived).count) survived only by the first, \(rows.filter { !$0.baselineSurvived }.count) only by the second.\n\n"
                var t = MarkdownTable(["example", "clean", MarkdownText.escape(base.checkpointLabel), MarkdownText.escape(run.checkpointLabel)],
                                      numeric: [true, false, false, false])
                for d in rows.prefix(maxDisagreements) {
                    t.add(["\(d.index)", MarkdownText.escape(d.baseline.cleanText), Self.outcomeCell(d.baseline), Self.outcomeCell(d.candidate)])
                }
                s += t.markdown + "\n"
            }
        }
        return any ? s : s + "The checkpoints agree on every shared example.\n\n"
    }

    /// "survived", or how the example fell: the attacked text with its changes marked, or "misclassified clean".
    static func outcomeCell(_ r: ExampleRecord) -> String {
        switch r.status {
        case .failed: return "survived"
        case .skipped: return "fell: misclassified clean"
        case .successful: return "fell: " + ChangeMarker.marked(clean: r.cleanText, attacked: r.attackedText ?? "", perturbations: r.perturbations)
        case .error: return "error"
        }
    }

    private func budgetSection(_ chart: BudgetChart, chart file: String?) -> String {
        var s = "## Accuracy under attack against query budget\n\n"
        s += "Each cell: accuracy under attack [\(MetricFormat.level(chart.level)) Wilson interval].\n\n"
        var t = MarkdownTable(["checkpoint × attack"] + chart.budgets.map { "\($0) queries" })
        for series in chart.series {
            t.add([MarkdownText.escape(series.label)] + chart.budgets.map { b in
                series.points.first { $0.budget == b }.map { p in
                    MetricFormat.percent(p.accuracyUnderAttack) + (p.interval.map { " [\(MetricFormat.interval($0, percent: true))]" } ?? "")
                } ?? ""
            })
        }
        s += t.markdown + "\n"
        if let file { s += "![Accuracy under attack against query budget](\(file))\n\n" }
        return s
    }

    private func metricsSection() -> String {
        var s = "## Metrics per checkpoint × attack\n\n"
        for run in data.runs {
            let m = run.metrics
            s += "### \(MarkdownText.escape(run.title)) (run \(run.info.id))\n\n"
            s += AttackSettings.sentence(run.spec, head: run.info.key.head)
            let ci = RunIntervals(m, level: level, seed: bootstrapSeed, runId: run.info.id)
            var t = MarkdownTable(["metric", "value", "\(MetricFormat.level(level)) interval"])
            t.add(["N", "\(m.n)", ""])
            t.add(["successful", "\(m.successful)", ""])
            t.add(["failed", "\(m.failed)", ""])
            t.add(["skipped", "\(m.skipped)", ""])
            t.add(["errors", "\(m.errors)", ""])
            t.add(["original accuracy", MetricFormat.percent(m.originalAccuracy), MetricFormat.interval(ci.originalAccuracy, percent: true)])
            t.add(["accuracy under attack", MetricFormat.percent(m.accuracyUnderAttack), MetricFormat.interval(ci.accuracyUnderAttack, percent: true)])
            t.add(["attack success rate", MetricFormat.percent(m.attackSuccessRate), MetricFormat.interval(ci.attackSuccessRate, percent: true)])
            t.add(["avg perturbed %", MetricFormat.percent(m.averagePerturbedPercent), MetricFormat.interval(ci.averagePerturbedPercent, percent: true)])
            t.add(["avg queries", MetricFormat.number(m.averageQueries), MetricFormat.interval(ci.averageQueries, percent: false)])
            t.add(["avg model queries", MetricFormat.number(m.averageModelQueries), MetricFormat.interval(ci.averageModelQueries, percent: false)])
            if m.truncatedExamples > 0 {
                t.add(["truncated texts", "\(m.truncatedExamples) (\(MetricFormat.percent(m.truncatedShare)))", ""])
            }
            for name in m.extraMetricMeans.keys.sorted() {
                t.add(["mean \(MarkdownText.escape(name))", MetricFormat.number(m.extraMetricMeans[name], decimals: 4), ""])
            }
            s += t.markdown + "\n"
        }
        return s
    }

    private func transformationSection() -> String {
        let breakdown = TransformationBreakdown(runs: data.runs)
        var s = "## Breakdown by transformation\n\n"
        guard !breakdown.rows.isEmpty else { return s + "No transformation is configured or used.\n\n" }
        s += "The first two counts cover successful attacks only; the last four columns sum over the runs whose attack config lists the transformation.\n\n"
        var t = MarkdownTable(["transformation", "perturbations in successful attacks", "successful attacks using it",
                               "runs configured with it", "successful", "failed", "attack success rate"])
        for r in breakdown.rows {
            t.add([MarkdownText.escape(r.transformation), "\(r.perturbationsInSuccessfulAttacks)", "\(r.successfulAttacksUsingIt)",
                   "\(r.runsConfiguredWithIt)", "\(r.successful)", "\(r.failed)", MetricFormat.percent(r.attackSuccessRate)])
        }
        return s + t.markdown + "\n"
    }

    private func validitySection(_ validity: [ValidityMetrics], judged: Bool) -> String {
        var s = "## Validity of the attacks\n\n"
        s += "An attack only shows a weakness if its text still reads as the original: a substitution is valid when a reader "
        s += "still reads the original in it. The figures cover the substitutions of successful attacks. *Human confusion data* "
        s += "are the character pairs people confuse, collected in spelling-correction research; *ranks* are positions in the "
        s += "General Standard list, lower ranks being commoner characters. A text may have ⌊max_perturbed_ratio × length⌋ edits, "
        s += "at least the attack's `min_edits` (0 by default; 1 in runs recorded before the setting existed), so only `min_edits` "
        s += "takes a short text over the ratio. – marks a figure with nothing to count (or not recorded for the run).\n\n"
        if judged { s += judgementSentence() }
        var t = MarkdownTable(["run", "substitutions", "in human confusion data", "median substitute rank", "outside the 3,500 commonest",
                               "tone changed", "[UNK]", "edits per success", "over the edit budget"] + (judged ? ["judged natural"] : []))
        for (run, v) in zip(data.runs, validity) {
            let rank = v.medianSubstituteRank.map { MetricFormat.number($0, decimals: $0 == $0.rounded() ? 0 : 1) } ?? MetricFormat.undefined
            t.add([MarkdownText.escape(run.title), "\(v.substitutions)", MetricFormat.percent(v.humanConfusionShare), rank,
                   MetricFormat.percent(v.outsideCommonShare), MetricFormat.percent(v.toneChangedShare), MetricFormat.percent(v.unknownTokenShare),
                   MetricFormat.number(v.editsPerSuccess, decimals: 2), "\(v.overBudgetTexts)"]
                  + (judged ? [JudgementMetrics(judgements: run.judgements).formatted] : []))
        }
        return s + t.markdown + "\n"
    }

    /// How many people judged how many texts: the weight behind the *judged natural* column.
    private func judgementSentence() -> String {
        let judgements = data.runs.flatMap(\.judgements)
        let texts = Set(judgements.map { "\($0.runId) \($0.exampleIndex)" }).count
        let reviewers = Set(judgements.map(\.reviewer)).count
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        return "People judged the attacked texts themselves: \(count(judgements.count, "judgement")) of \(count(texts, "attacked text")) "
            + "by \(count(reviewers, "reviewer")) (`rocbert review`). *Judged natural* is the share of a run's judgements saying "
            + "a reader still reads the original in the attacked text; – marks a run nobody judged.\n\n"
    }

    private func samplesSection() -> String {
        var s = "## Sample of successful attacks\n\n"
        s += "Up to \(samplesPerRun) per run (\(maxSamples) in all), lowest example index first. ~~struck~~ is the clean text, **bold** what replaced it.\n\n"
        var shown = 0
        for run in data.runs {
            let samples = run.records.filter { $0.status == .successful && $0.attackedText != nil }.prefix(min(samplesPerRun, maxSamples - shown))
            shown += samples.count
            for r in samples {
                s += "**\(MarkdownText.escape(run.title)) — example \(r.exampleIndex)** (\(MarkdownText.code(r.exampleId)))\n\n"
                s += "- clean: \(MarkdownText.escape(r.cleanText))\n"
                s += "- attacked: \(ChangeMarker.marked(clean: r.cleanText, attacked: r.attackedText ?? "", perturbations: r.perturbations))\n"
                if let pair = r.pairText { s += "- pair: \(MarkdownText.escape(pair))\n" }
                s += "- prediction: \(MarkdownText.code(r.cleanPrediction.jsonText)) → \(MarkdownText.code(r.attackedPrediction?.jsonText ?? "")) (label \(MarkdownText.code(r.label.jsonText)))\n"
                if !r.perturbations.isEmpty { s += "- changes:\n" }
                for p in r.perturbations {
                    s += "  - \(MarkdownText.escape(p.original)) → \(MarkdownText.escape(p.replacement)) at \(p.position) "
                    s += "(\(MarkdownText.escape(p.transformation))): \(MarkdownText.escape(p.justification))"
                    s += p.outOfVocabulary ? " — not in the checkpoint's vocabulary ([UNK])\n" : "\n"
                }
                s += "\n"
            }
        }
        return shown > 0 ? s : s + "No successful attacks.\n\n"
    }
}
