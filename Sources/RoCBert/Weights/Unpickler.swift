import Foundation
import RoCBertCore

/// The subset of Python's pickle protocol (0–5) that torch.save uses for a state dict.
/// It builds values, never runs code: globals are recorded by name and interpreted by the caller.
final class Unpickler {
    /// A pickled value; lists and dicts are boxed because pickle mutates them after creation.
    indirect enum Value {
        case none, bool(Bool), int(Int), float(Double), string(String), bytes([UInt8])
        case tuple([Value]), list(ListBox), dict(DictBox)
        case global(module: String, name: String)
        case call(callable: Value, args: [Value])
        case persistent(Value)
        case mark
    }

    /// Lists and dicts are filled after creation; a box freezes once another value holds it, so the
    /// depth recorded when it is nested stays true and no chain or cycle can be built behind the depth limit.
    final class ListBox { var items: [Value] = []; var depth = 1; var frozen = false }
    final class DictBox { var items: [(Value, Value)] = []; var depth = 1; var frozen = false }

    /// Limits far above anything torch.save writes; they keep a hostile pickle from exhausting the
    /// stack (values are torn down recursively) or memory.
    static let maxDepth = 1_000
    static let maxStack = 1 << 20
    static let maxMemo = 1 << 20

    /// A stack or memo slot: the value and how deeply nested it is (boxes track their own depth).
    private struct Entry {
        var value: Value
        var depth: Int
        var level: Int {
            switch value {
            case .list(let l): return l.depth
            case .dict(let d): return d.depth
            default: return depth
            }
        }
    }

    private let bytes: [UInt8]
    private let source: String
    private var pos = 0
    private var stack: [Entry] = []
    private var memo: [Int: Entry] = [:]
    /// Values created so far; each opcode makes at most one, so more than the byte count means a bug or a trick.
    private var created = 0

    init(_ data: Data, source: String) {
        bytes = [UInt8](data)
        self.source = source
    }

    private func fail(_ what: String) -> RoCBertError { RoCBertError(source, "cannot read the pickled state dict: \(what)") }

    private func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= bytes.count - pos else { throw fail("unexpected end of data") }
        defer { pos += n }
        return bytes[pos..<(pos + n)]
    }

    private func uint(_ n: Int) throws -> Int {
        var v = 0
        for (i, b) in try take(n).enumerated() { v |= Int(b) << (8 * i) }
        return v
    }

    /// A length field: at most the bytes left, so an 8-byte length cannot wrap or overshoot.
    private func length(_ n: Int) throws -> Int {
        let v = try uint(n)
        guard v >= 0, v <= bytes.count - pos else { throw fail("length \(UInt64(bitPattern: Int64(v))) runs past the end of data") }
        return v
    }

    private func line() throws -> String {
        guard let end = bytes[pos...].firstIndex(of: 0x0A) else { throw fail("unterminated line") }
        defer { pos = end + 1 }
        return String(decoding: bytes[pos..<end], as: UTF8.self)
    }

    private func push(_ v: Value, depth: Int = 1) throws {
        guard stack.count < Unpickler.maxStack else { throw fail("stack grows beyond \(Unpickler.maxStack) entries") }
        guard depth <= Unpickler.maxDepth else { throw fail("pickle nested deeper than \(Unpickler.maxDepth) levels") }
        created += 1
        guard created <= bytes.count else { throw fail("more values than bytes") }
        stack.append(Entry(value: v, depth: depth))
    }

    /// Pushes a new container holding `children`, freezing any boxes among them.
    private func pushContainer(_ v: Value, children: [Entry]) throws {
        try push(v, depth: try nest(children))
    }

    /// The depth of a container holding `children`; freezes the boxes so their depth cannot change.
    private func nest(_ children: [Entry]) throws -> Int {
        var depth = 1
        for c in children {
            switch c.value {
            case .list(let l): l.frozen = true
            case .dict(let d): d.frozen = true
            default: break
            }
            depth = max(depth, c.level + 1)
        }
        guard depth <= Unpickler.maxDepth else { throw fail("pickle nested deeper than \(Unpickler.maxDepth) levels") }
        return depth
    }

    private func pop() throws -> Entry {
        guard let v = stack.popLast() else { throw fail("stack underflow") }
        return v
    }

    private func popMark() throws -> [Entry] {
        guard let i = stack.lastIndex(where: { if case .mark = $0.value { return true } else { return false } }) else {
            throw fail("missing MARK")
        }
        let items = Array(stack[(i + 1)...])
        stack.removeSubrange(i...)
        return items
    }

    /// The list on top of the stack, ready to take `children`.
    private func openList(_ children: [Entry], _ op: String) throws -> ListBox {
        guard case .list(let l)? = stack.last?.value else { throw fail("\(op) to a non-list") }
        guard !l.frozen else { throw fail("\(op) to a list already nested in another value") }
        if children.contains(where: { if case .list(let c) = $0.value { return c === l } else { return false } }) {
            throw fail("\(op) puts a list inside itself")
        }
        l.depth = max(l.depth, try nest(children))
        return l
    }

    /// The dict on top of the stack, ready to take `children`.
    private func openDict(_ children: [Entry], _ op: String) throws -> DictBox {
        guard case .dict(let d)? = stack.last?.value else { throw fail("\(op) on a non-dict") }
        guard !d.frozen else { throw fail("\(op) on a dict already nested in another value") }
        if children.contains(where: { if case .dict(let c) = $0.value { return c === d } else { return false } }) {
            throw fail("\(op) puts a dict inside itself")
        }
        d.depth = max(d.depth, try nest(children))
        return d
    }

    private func remember(_ key: Int) throws {
        guard let top = stack.last else { throw fail("memo store with an empty stack") }
        guard memo[key] != nil || memo.count < Unpickler.maxMemo else { throw fail("memo grows beyond \(Unpickler.maxMemo) entries") }
        memo[key] = top
    }

    /// Runs the opcodes up to STOP and returns the top value.
    func load() throws -> Value {
        while pos < bytes.count {
            let op = bytes[pos]
            pos += 1
            switch op {
            case 0x80: _ = try take(1)  // PROTO
            case 0x95: _ = try take(8)  // FRAME
            case 0x2E: return try pop().value  // STOP
            case 0x28: try push(.mark)
            case 0x4E: try push(.none)
            case 0x88: try push(.bool(true))
            case 0x89: try push(.bool(false))
            case 0x4A:  // BININT
                try push(.int(Int(Int32(truncatingIfNeeded: try uint(4)))))
            case 0x4B: try push(.int(try uint(1)))
            case 0x4D: try push(.int(try uint(2)))
            case 0x8A:  // LONG1
                let n = try uint(1)
                let b = try take(n)
                var v = 0
                for (i, x) in b.enumerated() where i < 8 { v |= Int(x) << (8 * i) }
                if n > 0, n < 8, b.last! & 0x80 != 0 { v -= 1 << (8 * n) }
                try push(.int(v))
            case 0x47:  // BINFLOAT, big-endian
                var v: UInt64 = 0
                for x in try take(8) { v = v << 8 | UInt64(x) }
                try push(.float(Double(bitPattern: v)))
            case 0x58: try push(.string(String(decoding: try take(try length(4)), as: UTF8.self)))
            case 0x8C: try push(.string(String(decoding: try take(try length(1)), as: UTF8.self)))
            case 0x8D: try push(.string(String(decoding: try take(try length(8)), as: UTF8.self)))
            case 0x42: try push(.bytes(Array(try take(try length(4)))))
            case 0x43: try push(.bytes(Array(try take(try length(1)))))
            case 0x8E: try push(.bytes(Array(try take(try length(8)))))
            case 0x29: try push(.tuple([]))
            case 0x74: let items = try popMark(); try pushContainer(.tuple(items.map(\.value)), children: items)
            case 0x85: let a = try pop(); try pushContainer(.tuple([a.value]), children: [a])
            case 0x86: let b = try pop(), a = try pop(); try pushContainer(.tuple([a.value, b.value]), children: [a, b])
            case 0x87:
                let c = try pop(), b = try pop(), a = try pop()
                try pushContainer(.tuple([a.value, b.value, c.value]), children: [a, b, c])
            case 0x5D: try push(.list(ListBox()))
            case 0x6C:  // LIST
                let items = try popMark()
                let l = ListBox()
                l.depth = try nest(items)
                l.items = items.map(\.value)
                try push(.list(l))
            case 0x7D: try push(.dict(DictBox()))
            case 0x64:  // DICT
                let items = try popMark()
                let d = DictBox()
                d.depth = try nest(items)
                for i in stride(from: 0, to: items.count - 1, by: 2) { d.items.append((items[i].value, items[i + 1].value)) }
                try push(.dict(d))
            case 0x61:  // APPEND
                let v = try pop()
                try openList([v], "APPEND").items.append(v.value)
            case 0x65:  // APPENDS
                let items = try popMark()
                try openList(items, "APPENDS").items.append(contentsOf: items.map(\.value))
            case 0x73:  // SETITEM
                let v = try pop(), k = try pop()
                try openDict([k, v], "SETITEM").items.append((k.value, v.value))
            case 0x75:  // SETITEMS
                let items = try popMark()
                let d = try openDict(items, "SETITEMS")
                for i in stride(from: 0, to: items.count - 1, by: 2) { d.items.append((items[i].value, items[i + 1].value)) }
            case 0x63:  // GLOBAL "module\nname\n"
                let module = try line(), name = try line()
                try push(.global(module: module, name: name))
            case 0x93:  // STACK_GLOBAL
                guard case .string(let name) = try pop().value, case .string(let module) = try pop().value else {
                    throw fail("STACK_GLOBAL without strings")
                }
                try push(.global(module: module, name: name))
            case 0x52:  // REDUCE
                let argsEntry = try pop()
                guard case .tuple(let args) = argsEntry.value else { throw fail("REDUCE without an argument tuple") }
                let callable = try pop()
                if case .global("collections", "OrderedDict") = callable.value {
                    // The state dict itself: SETITEMS will fill it.
                    try push(.dict(DictBox()))
                } else {
                    try pushContainer(.call(callable: callable.value, args: args), children: [callable, argsEntry])
                }
            case 0x81:  // NEWOBJ
                let argsEntry = try pop()
                guard case .tuple(let args) = argsEntry.value else { throw fail("NEWOBJ without an argument tuple") }
                let callable = try pop()
                try pushContainer(.call(callable: callable.value, args: args), children: [callable, argsEntry])
            case 0x62:  // BUILD: object state (OrderedDict metadata); not needed for the tensors.
                _ = try pop()
            case 0x51: let pid = try pop(); try pushContainer(.persistent(pid.value), children: [pid])  // BINPERSID
            case 0x71: try remember(try uint(1))  // BINPUT
            case 0x72: try remember(try uint(4))  // LONG_BINPUT
            case 0x94: try remember(memo.count)  // MEMOIZE
            case 0x68, 0x6A:  // BINGET, LONG_BINGET
                let key = try uint(op == 0x68 ? 1 : 4)
                guard let v = memo[key] else { throw fail("memo key \(key) missing") }
                try push(v.value, depth: v.level)
            default:
                throw fail(String(format: "unsupported opcode 0x%02x at byte %d", op, pos - 1))
            }
        }
        throw fail("no STOP opcode")
    }
}
