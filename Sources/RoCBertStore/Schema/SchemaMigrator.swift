/// Brings a database up to `Migrations.latestVersion`, or refuses one from newer code.
enum SchemaMigrator {
    /// Checks the version first and writes nothing when it is newer than this code knows.
    static func migrate(_ db: SQLiteDatabase) throws {
        let found = try db.userVersion()
        if found > Migrations.latestVersion {
            throw StoreError.newerSchema(file: db.path, found: found, supported: Migrations.latestVersion)
        }
        if found == Migrations.latestVersion { return }
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
                // PRAGMA user_version is transactional: a failed step leaves the old version.
                try db.execute("PRAGMA user_version = \(step.version)", "setting the schema version to \(step.version)")
            }
        }
    }
}
