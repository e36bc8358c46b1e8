import RoCBertStore

/// The attacked text with each change marked: `~~未~~**末**` (struck original, bold replacement).
public enum ChangeMarker {
    /// Marks from the recorded perturbations when they are consistent with both texts, else from a diff.
    public static func marked(clean: String, attacked: String, perturbations: [Perturbation]) -> String {
        if let segments = fromPerturbations(clean: clean, attacked: attacked, perturbations), !perturbations.isEmpty {
            return render(segments)
        }
        return render(diff(Array(clean.unicodeScalars), Array(attacked.unicodeScalars)))
    }

    /// A run of unchanged text, or an original replaced by a replacement (either may be empty).
    enum Segment: Equatable {
        case same(String)
        case changed(original: String, replacement: String)
    }

    static func render(_ segments: [Segment]) -> String {
        segments.map { s -> String in
            switch s {
            case .same(let t): return MarkdownText.escape(t)
            case let .changed(o, r):
                return (o.isEmpty ? "" : "~~\(MarkdownText.escape(o))~~") + (r.isEmpty ? "" : "**\(MarkdownText.escape(r))**")
            }
        }.joined()
    }

    /// nil when the perturbations overlap, do not match the clean text, or do not produce the attacked text.
    static func fromPerturbations(clean: String, attacked: String, _ perturbations: [Perturbation]) -> [Segment]? {
        let scalars = Array(clean.unicodeScalars)
        var segments: [Segment] = []
        var cursor = 0
        var rebuilt = ""
        for p in perturbations.sorted(by: { $0.position < $1.position }) {
            let original = Array(p.original.unicodeScalars)
            guard p.position >= cursor, p.position + original.count <= scalars.count,
                  Array(scalars[p.position..<p.position + original.count]) == original else { return nil }
            if p.position > cursor { segments.append(.same(string(scalars[cursor..<p.position]))) }
            segments.append(.changed(original: p.original, replacement: p.replacement))
            rebuilt += string(scalars[cursor..<p.position]) + p.replacement
            cursor = p.position + original.count
        }
        if cursor < scalars.count { segments.append(.same(string(scalars[cursor...]))) }
        rebuilt += string(scalars[cursor...])
        return rebuilt == attacked ? segments : nil
    }

    /// Longest-common-subsequence diff over Unicode scalars; texts are sentence-sized, so O(n·m) is fine.
    static func diff(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> [Segment] {
        let n = a.count, m = b.count
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var segments: [Segment] = []
        var same: [Unicode.Scalar] = [], removed: [Unicode.Scalar] = [], added: [Unicode.Scalar] = []
        func flushChange() {
            if !removed.isEmpty || !added.isEmpty {
                segments.append(.changed(original: string(removed[...]), replacement: string(added[...])))
                removed = []; added = []
            }
        }
        func flushSame() {
            if !same.isEmpty { segments.append(.same(string(same[...]))); same = [] }
        }
        var i = 0, j = 0
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                flushChange(); same.append(a[i]); i += 1; j += 1
            } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
                flushSame(); added.append(b[j]); j += 1
            } else {
                flushSame(); removed.append(a[i]); i += 1
            }
        }
        flushChange(); flushSame()
        return segments
    }

    private static func string(_ s: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s)
        return String(out)
    }
}
