import Foundation
import RoCBertCore

/// An attack suite file (YAML under attacks/): the data set, the task head, the checkpoints,
/// the attacks to run on each, and where results and the report go.
public struct AttackSuite: Sendable {
    public var name: String
    public var file: URL
    public var dataset: DatasetSpec
    public var task: AttackTask
    public var checkpoints: [CheckpointSpec]
    public var attacks: [AttackSpec]
    /// The SQLite database (relative paths are relative to the suite file).
    public var database: URL
    public var report: URL?
    /// The committed perturbation tables (default: tables/ beside the suite, i.e. attacks/tables).
    public var tablesDirectory: URL
    /// Fetched data the synonym attack reads (default: data/ at the repository root).
    public var dataDirectory: URL

    /// Reads and checks a suite file.
    public init(contentsOf url: URL) throws {
        let file = url.path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SuiteError(file: file, field: "", problem: "cannot read the suite file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SuiteError(file: file, field: "", problem: "not valid UTF-8")
        }
        let y = try YAMLReader(file: file, text: text)
        try y.onlyKeys(["name", "dataset", "task", "checkpoints", "attacks", "database", "report", "tables", "data"])
        let base = url.deletingLastPathComponent()
        func resolve(_ p: String) -> URL { p.hasPrefix("/") ? URL(fileURLWithPath: p) : base.appendingPathComponent(p).standardizedFileURL }
        self.file = url
        name = try y.required("name").string()
        task = try y.choice("task", Dictionary(uniqueKeysWithValues: AttackTask.allCases.map { ($0.rawValue, $0) }), default: .sequenceClassification)
        dataset = try DatasetSpec(y.required("dataset"), resolve: resolve)
        checkpoints = try y.required("checkpoints").list().map { c in
            try c.onlyKeys(["name", "path"])
            let path = try c.required("path").string()
            return CheckpointSpec(name: try c.string("name") ?? URL(fileURLWithPath: path).lastPathComponent, path: resolve(path))
        }
        if checkpoints.isEmpty { throw y.fail("needs at least one checkpoint", "checkpoints") }
        if Set(checkpoints.map(\.name)).count != checkpoints.count { throw y.fail("checkpoint names must be distinct", "checkpoints") }
        let task = self.task
        let pairNamed = dataset.pairField != nil
        attacks = try y.required("attacks").list().flatMap { try AttackSpec.parse($0, task: task, pairNamed: pairNamed, resolve: resolve) }
        if attacks.isEmpty { throw y.fail("needs at least one attack", "attacks") }
        database = resolve(try y.required("database").string())
        report = try y.string("report").map(resolve)
        tablesDirectory = resolve(try y.string("tables") ?? "tables")
        dataDirectory = resolve(try y.string("data") ?? "../data")
    }
}

/// One checkpoint of a suite.
public struct CheckpointSpec: Sendable, Equatable {
    public var name: String
    public var path: URL
}
