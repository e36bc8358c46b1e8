import Foundation
import RoCBertCore
import RoCBertStore

/// The runs a report covers, read from the store, labelled and in a stable order.
public struct ReportData: Sendable {
    /// Runs ordered by attack, then checkpoint (each in order of first appearance), then id.
    public var runs: [ReportRun]
    /// Checkpoint labels; the first is the baseline of every Δ.
    public var checkpoints: [String]
    /// Attack labels.
    public var attacks: [String]
    /// Suites covered, in order of first appearance.
    public var suites: [String]
    /// The database's file name (not its path, so the report does not depend on where it was run).
    public var databaseName: String

    /// Builds the data from runs in the order given; that order decides which checkpoint is the baseline.
    public init(runs input: [ReportRun], databaseName: String) {
        var runs = input
        self.databaseName = databaseName
        suites = Self.unique(runs.map(\.info.key.suite))
        Self.labelCheckpoints(&runs)
        Self.labelAttacks(&runs, multipleSuites: suites.count > 1)
        checkpoints = Self.unique(runs.map(\.checkpointLabel))
        attacks = Self.unique(runs.map(\.attackLabel))
        let (cp, at) = (checkpoints, attacks)
        self.runs = runs.enumerated().sorted { a, b in
            let ka = (at.firstIndex(of: a.element.attackLabel)!, cp.firstIndex(of: a.element.checkpointLabel)!, a.offset)
            let kb = (at.firstIndex(of: b.element.attackLabel)!, cp.firstIndex(of: b.element.checkpointLabel)!, b.offset)
            return ka < kb
        }.map(\.element)
    }

    /// Every run of `suite` (all suites if nil), oldest first.
    public static func load(store: ResultStore, suite: String? = nil) throws -> ReportData {
        let infos = try store.runs(suite: suite)
        return ReportData(runs: try infos.map { try run($0, store) },
                          databaseName: URL(fileURLWithPath: store.path).lastPathComponent)
    }

    /// The runs named by `selectors`, each a run id or a checkpoint name (all its runs), in that order.
    public static func load(store: ResultStore, selectors: [String]) throws -> ReportData {
        let all = try store.runs()
        var chosen: [RunInfo] = []
        for selector in selectors {
            let matches: [RunInfo]
            if let id = Int64(selector), let run = all.first(where: { $0.id == id }) {
                matches = [run]
            } else {
                matches = all.filter { $0.key.checkpointName == selector }
            }
            if matches.isEmpty {
                throw RoCBertError(store.path, "no run with id or checkpoint name \(selector)")
            }
            chosen += matches.filter { m in !chosen.contains { $0.id == m.id } }
        }
        return ReportData(runs: try chosen.map { try run($0, store) },
                          databaseName: URL(fileURLWithPath: store.path).lastPathComponent)
    }

    /// A stored run with its records and judgements.
    private static func run(_ info: RunInfo, _ store: ResultStore) throws -> ReportRun {
        ReportRun(info: info, records: try store.records(runId: info.id), judgements: try store.judgements(runId: info.id))
    }

    /// The runs of one attack label, in checkpoint order.
    public func runs(attack: String) -> [ReportRun] { runs.filter { $0.attackLabel == attack } }

    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    /// The checkpoint's name, then what tells its runs apart: the precision when not fp32
    /// (`demo-rocbert (bf16x3)`), and the short hash when one name has several contents (a retrained checkpoint).
    private static func labelCheckpoints(_ runs: inout [ReportRun]) {
        var hashesByName: [String: Set<String>] = [:]
        for r in runs { hashesByName[r.info.key.checkpointName, default: []].insert(r.info.key.checkpointHash) }
        for i in runs.indices {
            let key = runs[i].info.key
            var parts: [String] = []
            if key.precision != .fp32 { parts.append(key.precision.rawValue) }
            if hashesByName[key.checkpointName]!.count > 1 { parts.append(String(key.checkpointHash.prefix(8))) }
            runs[i].checkpointLabel = parts.isEmpty ? key.checkpointName : "\(key.checkpointName) (\(parts.joined(separator: ", ")))"
        }
    }

    /// Several runs of one checkpoint under one attack name (a budget sweep, several seeds):
    /// suffix every run of that attack name with what tells them apart, the same way for every
    /// checkpoint so the comparison columns line up. Tries budget, then seed, then head, then run id.
    private static func labelAttacks(_ runs: inout [ReportRun], multipleSuites: Bool) {
        if multipleSuites {
            for i in runs.indices { runs[i].attackLabel = "\(runs[i].info.key.suite)/\(runs[i].info.key.attack.name)" }
        }
        var byAttack: [String: [Int]] = [:]
        for i in runs.indices { byAttack[runs[i].attackLabel, default: []].append(i) }
        for members in byAttack.values {
            let perCheckpoint = Dictionary(grouping: members) { runs[$0].checkpointLabel }
            guard perCheckpoint.values.contains(where: { $0.count > 1 }) else { continue }
            func separates<T: Hashable>(_ value: (ReportRun) -> T?) -> Bool {
                perCheckpoint.values.allSatisfy { group in
                    let values = group.map { value(runs[$0]) }
                    return !values.contains(nil) && Set(values.compactMap { $0 }).count == group.count
                }
            }
            let suffix: (ReportRun) -> String
            if separates({ $0.spec.maxQueries }) {
                suffix = { "@\($0.spec.maxQueries!) queries" }
            } else if separates({ $0.info.key.seed }) {
                suffix = { "seed \($0.info.key.seed)" }
            } else if separates({ $0.info.key.head }) {
                suffix = { "[\($0.info.key.head.rawValue)]" }
            } else {
                suffix = { "#\($0.info.id)" }
            }
            for i in members { runs[i].attackLabel += " " + suffix(runs[i]) }
        }
    }
}
