/// Function words an attack leaves alone by default: swapping them changes little for a reader but
/// much for fluency, and attack papers exclude them (TextAttack's StopwordModification).
public enum Stopwords {
    public static let chinese: Set<String> = Set(
        "的 了 和 是 在 我 你 他 她 它 们 这 那 就 也 都 而 及 与 着 或 一 个 之 为 以 于 上 下 不 没 有 很 吗 呢 吧 啊 呀 么 得 地 把 被 让 给 对 从 向 到 说 要 会 能 可 还 又 再 才 只 但 却 如 若 因 所 其 此 些 每 各 自 已 将 比".split(separator: " ").map(String.init))
}
