import Foundation
import Yams

/// Typed access to a parsed YAML mapping that remembers the path of every field for error messages.
struct YAMLReader {
    let file: String
    let path: String
    let value: Any

    /// A suite is a page of settings; these bounds refuse hostile files before Yams expands them:
    /// flow collections nested deeper than Yams' recursive composer can take, and aliases that
    /// expand into more nodes than any suite has ("billion laughs").
    static let maxBytes = 1 << 20
    static let maxFlowDepth = 64
    static let maxNodes = 100_000

    init(file: String, text: String) throws {
        self.file = file
        self.path = ""
        try Self.checkSize(file: file, text: text)
        do {
            guard let v = try Yams.load(yaml: text) else { throw SuiteError(file: file, field: "", problem: "the suite file is empty") }
            self.value = v
        } catch let e as SuiteError {
            throw e
        } catch {
            throw SuiteError(file: file, field: "", problem: "not valid YAML: \("\(error)".replacingOccurrences(of: "\n", with: " "))")
        }
    }

    /// Refuses a file past the bounds above, counting nodes as aliases expand them (a shared subtree
    /// counts each time it is reached), without building them.
    private static func checkSize(file: String, text: String) throws {
        func refuse(_ problem: String) -> SuiteError { SuiteError(file: file, field: "", problem: problem) }
        if text.utf8.count > maxBytes { throw refuse("larger than \(maxBytes) bytes; a suite is a page of settings") }
        var depth = 0, quote: UInt8? = nil
        for byte in text.utf8 {
            if let q = quote {
                if byte == q { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                depth += 1
                if depth > maxFlowDepth { throw refuse("collections nested deeper than \(maxFlowDepth) levels") }
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                depth = max(0, depth - 1)
            } else if byte == UInt8(ascii: "\n") {
                quote = nil
            }
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch { return }  // Yams.load reports the syntax error
        var pending = root.map { [$0] } ?? []
        var count = 0
        while let node = pending.popLast() {
            count += 1
            if count > maxNodes { throw refuse("expands to more than \(maxNodes) values (aliases repeating a subtree?)") }
            switch node {
            case .mapping(let m): for (k, v) in m { pending.append(k); pending.append(v) }
            case .sequence(let q): pending.append(contentsOf: q)
            case .scalar, .alias: break
            }
        }
    }

    private init(file: String, path: String, value: Any) {
        self.file = file
        self.path = path
        self.value = value
    }

    func fail(_ problem: String, _ key: String? = nil) -> SuiteError {
        SuiteError(file: file, field: key.map { path.isEmpty ? $0 : "\(path).\($0)" } ?? path, problem: problem)
    }

    private var mapping: [String: Any]? { value as? [String: Any] }

    /// The keys present, so unknown ones can be reported.
    var keys: [String] { mapping.map { Array($0.keys) } ?? [] }

    func has(_ key: String) -> Bool { mapping?[key] != nil && !(mapping?[key] is NSNull) }

    /// The sub-document at `key`, or nil when absent.
    func child(_ key: String) -> YAMLReader? {
        guard let v = mapping?[key], !(v is NSNull) else { return nil }
        return YAMLReader(file: file, path: path.isEmpty ? key : "\(path).\(key)", value: v)
    }

    func required(_ key: String) throws -> YAMLReader {
        guard let c = child(key) else { throw fail("is missing", key) }
        return c
    }

    /// Elements of a list (a single scalar counts as a one-element list).
    func list() throws -> [YAMLReader] {
        if let a = value as? [Any] {
            return a.enumerated().map { YAMLReader(file: file, path: "\(path)[\($0.offset)]", value: $0.element) }
        }
        return [self]
    }

    func string() throws -> String {
        if let s = value as? String { return s }
        if let i = value as? Int { return String(i) }
        throw fail("must be a string")
    }

    func int() throws -> Int {
        if let i = value as? Int { return i }
        throw fail("must be an integer")
    }

    func double() throws -> Double {
        if let d = value as? Double { return d }
        if let i = value as? Int { return Double(i) }
        throw fail("must be a number")
    }

    func bool() throws -> Bool {
        if let b = value as? Bool { return b }
        throw fail("must be true or false")
    }

    func string(_ key: String) throws -> String? { try child(key)?.string() }
    func int(_ key: String) throws -> Int? { try child(key)?.int() }
    func double(_ key: String) throws -> Double? { try child(key)?.double() }
    func bool(_ key: String) throws -> Bool? { try child(key)?.bool() }
    func strings(_ key: String) throws -> [String]? { try child(key)?.list().map { try $0.string() } }

    /// Fails on keys outside `known`, so a misspelt option is an error, not silently ignored.
    func onlyKeys(_ known: Set<String>) throws {
        if let unknown = keys.filter({ !known.contains($0) }).sorted().first {
            throw fail("unknown field (expected one of: \(known.sorted().joined(separator: ", ")))", unknown)
        }
    }

    /// A value from a fixed set of names.
    func choice<T>(_ key: String, _ options: [String: T], default d: T) throws -> T {
        guard let s = try string(key) else { return d }
        guard let v = options[s] else { throw fail("unknown value \"\(s)\" (expected one of: \(options.keys.sorted().joined(separator: ", ")))", key) }
        return v
    }
}
