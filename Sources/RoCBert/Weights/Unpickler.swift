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

    final class ListBox { var items: [Value] = [] }
    final class DictBox { var items: [(Value, Value)] = [] }

    private let bytes: [UInt8]
    private let source: String
    private var pos = 0
    private var stack: [Value] = []
    private var memo: [Int: Value] = [:]

    init(_ data: Data, source: String) {
        bytes = [UInt8](data)
        self.source = source
    }

    private func fail(_ what: String) -> RoCBertError { RoCBertError(source, "cannot read the pickled state dict: \(what)") }

    private func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, pos + n <= bytes.count else { throw fail("unexpected end of data") }
        defer { pos += n }
        return bytes[pos..<(pos + n)]
    }

    private func uint(_ n: Int) throws -> Int {
        var v = 0
        for (i, b) in try take(n).enumerated() { v |= Int(b) << (8 * i) }
        return v
    }

    private func line() throws -> String {
        guard let end = bytes[pos...].firstIndex(of: 0x0A) else { throw fail("unterminated line") }
        defer { pos = end + 1 }
        return String(decoding: bytes[pos..<end], as: UTF8.self)
    }

    private func pop() throws -> Value {
        guard let v = stack.popLast() else { throw fail("stack underflow") }
        return v
    }

    private func popMark() throws -> [Value] {
        guard let i = stack.lastIndex(where: { if case .mark = $0 { return true } else { return false } }) else {
            throw fail("missing MARK")
        }
        let items = Array(stack[(i + 1)...])
        stack.removeSubrange(i...)
        return items
    }

    /// Runs the opcodes up to STOP and returns the top value.
    func load() throws -> Value {
        while pos < bytes.count {
            let op = bytes[pos]
            pos += 1
            switch op {
            case 0x80: _ = try take(1)  // PROTO
            case 0x95: _ = try take(8)  // FRAME
            case 0x2E: return try pop()  // STOP
            case 0x28: stack.append(.mark)
            case 0x4E: stack.append(.none)
            case 0x88: stack.append(.bool(true))
            case 0x89: stack.append(.bool(false))
            case 0x4A:  // BININT
                stack.append(.int(Int(Int32(truncatingIfNeeded: try uint(4)))))
            case 0x4B: stack.append(.int(try uint(1)))
            case 0x4D: stack.append(.int(try uint(2)))
            case 0x8A:  // LONG1
                let n = try uint(1)
                let b = try take(n)
                var v = 0
                for (i, x) in b.enumerated() where i < 8 { v |= Int(x) << (8 * i) }
                if n > 0, n < 8, b.last! & 0x80 != 0 { v -= 1 << (8 * n) }
                stack.append(.int(v))
            case 0x47:  // BINFLOAT, big-endian
                var v: UInt64 = 0
                for x in try take(8) { v = v << 8 | UInt64(x) }
                stack.append(.float(Double(bitPattern: v)))
            case 0x58: stack.append(.string(String(decoding: try take(try uint(4)), as: UTF8.self)))
            case 0x8C: stack.append(.string(String(decoding: try take(try uint(1)), as: UTF8.self)))
            case 0x8D: stack.append(.string(String(decoding: try take(try uint(8)), as: UTF8.self)))
            case 0x42: stack.append(.bytes(Array(try take(try uint(4)))))
            case 0x43: stack.append(.bytes(Array(try take(try uint(1)))))
            case 0x8E: stack.append(.bytes(Array(try take(try uint(8)))))
            case 0x29: stack.append(.tuple([]))
            case 0x74: stack.append(.tuple(try popMark()))
            case 0x85: let a = try pop(); stack.append(.tuple([a]))
            case 0x86: let b = try pop(), a = try pop(); stack.append(.tuple([a, b]))
            case 0x87: let c = try pop(), b = try pop(), a = try pop(); stack.append(.tuple([a, b, c]))
            case 0x5D: stack.append(.list(ListBox()))
            case 0x6C: let l = ListBox(); l.items = try popMark(); stack.append(.list(l))
            case 0x7D: stack.append(.dict(DictBox()))
            case 0x64:  // DICT
                let items = try popMark()
                let d = DictBox()
                for i in stride(from: 0, to: items.count - 1, by: 2) { d.items.append((items[i], items[i + 1])) }
                stack.append(.dict(d))
            case 0x61:  // APPEND
                let v = try pop()
                guard case .list(let l)? = stack.last else { throw fail("APPEND to a non-list") }
                l.items.append(v)
            case 0x65:  // APPENDS
                let items = try popMark()
                guard case .list(let l)? = stack.last else { throw fail("APPENDS to a non-list") }
                l.items.append(contentsOf: items)
            case 0x73:  // SETITEM
                let v = try pop(), k = try pop()
                guard case .dict(let d)? = stack.last else { throw fail("SETITEM on a non-dict") }
                d.items.append((k, v))
            case 0x75:  // SETITEMS
                let items = try popMark()
                guard case .dict(let d)? = stack.last else { throw fail("SETITEMS on a non-dict") }
                for i in stride(from: 0, to: items.count - 1, by: 2) { d.items.append((items[i], items[i + 1])) }
            case 0x63:  // GLOBAL "module\nname\n"
                let module = try line(), name = try line()
                stack.append(.global(module: module, name: name))
            case 0x93:  // STACK_GLOBAL
                guard case .string(let name) = try pop(), case .string(let module) = try pop() else {
                    throw fail("STACK_GLOBAL without strings")
                }
                stack.append(.global(module: module, name: name))
            case 0x52:  // REDUCE
                guard case .tuple(let args) = try pop() else { throw fail("REDUCE without an argument tuple") }
                let callable = try pop()
                if case .global("collections", "OrderedDict") = callable {
                    // The state dict itself: SETITEMS will fill it.
                    stack.append(.dict(DictBox()))
                } else {
                    stack.append(.call(callable: callable, args: args))
                }
            case 0x81:  // NEWOBJ
                guard case .tuple(let args) = try pop() else { throw fail("NEWOBJ without an argument tuple") }
                stack.append(.call(callable: try pop(), args: args))
            case 0x62:  // BUILD: object state (OrderedDict metadata); not needed for the tensors.
                _ = try pop()
            case 0x51: stack.append(.persistent(try pop()))  // BINPERSID
            case 0x71: memo[try uint(1)] = stack.last
            case 0x72: memo[try uint(4)] = stack.last
            case 0x94: memo[memo.count] = stack.last  // MEMOIZE
            case 0x68, 0x6A:
                let key = try uint(op == 0x68 ? 1 : 4)
                guard let v = memo[key] else { throw fail("memo key \(key) missing") }
                stack.append(v)
            default:
                throw fail(String(format: "unsupported opcode 0x%02x at byte %d", op, pos - 1))
            }
        }
        throw fail("no STOP opcode")
    }
}
