import RoCBertCore

/// Attack configurations written before schema version 3: the attack's JSON without its name,
/// built by hand (a `beam_width` out of key order, backslashes unescaped). Version 3 stores
/// `AttackSpec.canonicalJSON`, so each stored one is decoded and written again in that form.
enum LegacyAttackConfig {
    /// The legacy text as an `AttackSpec`, or nil if it does not decode (left as it was: the report
    /// then names the run as unreadable instead of guessing).
    static func spec(name: String, config: String) -> AttackSpec? {
        guard config.hasPrefix("{"), !config.hasPrefix("{}") else { return nil }
        let quotedName = String(decoding: try! CanonicalJSON.encoder.encode(name), as: UTF8.self)
        return try? AttackSpec(canonicalJSON: "{\"name\":" + quotedName + "," + config.dropFirst())
    }

    /// Rewrites every run's configuration and its hash in the canonical form.
    static func rewriteAll(_ db: SQLiteDatabase) throws {
        let rows = try db.prepare("SELECT id, attack, attack_config FROM runs").rows { ($0.int64(0), $0.text(1) ?? "", $0.text(2) ?? "") }
        let update = try db.prepare("UPDATE runs SET attack_config = ?, attack_config_hash = ? WHERE id = ?")
        for (id, name, config) in rows {
            guard let spec = spec(name: name, config: config) else { continue }
            let text = spec.canonicalJSON
            try update.run([.text(text), .text(ContentHash.hex(text)), .integer(id)], "rewriting the attack configuration of run \(id)")
        }
    }
}
