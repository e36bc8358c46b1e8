/// Brings a database up to `Migrations.latestVersion`, or refuses one from newer code.
enum SchemaMigrator {
    /// Checks the version first and writes nothing when it is newer than this code knows.
    ///
    /// Runs with foreign keys off, as SQLite requires for rebuilding a referenced table, and checks
    /// every reference before committing.
    static func migrate(_ db: SQLiteDatabase) throws {
        let found = try db.userVersion()
        if found > Migrations.latestVersion {
            throw StoreError.newerSchema(file: db.path, found: found, supported: Migrations.latestVersion)
        }
        if found == Migrations.latestVersion { return }
        try db.execute("PRAGMA foreign_keys = OFF", "migrating the schema")
        try db.immediateTransaction("migrating the schema") {
            // Another process may have migrated between our read and our write lock.
            let current = try db.userVersion()
            if current > Migrations.latestVersion {
                throw StoreError.newerSchema(file: db.path, found: current, supported: Migrations.latestVersion)
            }
            // Checked again under the write lock: tables without a version are not ours to extend.
            if current == 0 {
                let objects = try db.prepare("SELECT COUNT(*) FROM sqlite_master").rows { $0.int(0) }.first ?? 0
                if objects > 0 { throw StoreError.notAResultsDatabase(file: db.path) }
            }
            for step in Migrations.steps where step.version > current {
                try db.execute(step.sql, "migrating the schema to version \(step.version)")
                try step.rewrite?(db)
                // PRAGMA user_version is transactional: a failed step leaves the old version.
                try db.execute("PRAGMA user_version = \(step.version)", "setting the schema version to \(step.version)")
            }
            let broken = try db.prepare("PRAGMA foreign_key_check").rows { $0.text(0) ?? "" }
            if let table = broken.first {
                throw StoreError.corruptValue(file: db.path, detail: "migration left rows of \(table) without their parent; nothing was changed")
            }
        }
    }
}
