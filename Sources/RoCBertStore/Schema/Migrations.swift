

/// The database schema, as the ordered list of steps that build it.
///
/// The version lives in `PRAGMA user_version`. To change the schema, append a step with the
/// next version; never edit a step that has shipped, since databases in the field already ran it.
enum Migrations {
    /// One step: the SQL that takes a database from `version - 1` to `version`, then any rewriting
    /// of stored values that SQL cannot express.
    struct Step: Sendable {
        let version: Int
        let sql: String
        var rewrite: (@Sendable (SQLiteDatabase) throws -> Void)? = nil
    }

    /// The newest version this code writes and understands.
    static var latestVersion: Int { steps.last?.version ?? 0 }

    static let steps: [Step] = [
        Step(version: 1, sql: """
            -- One attack run: one attack configuration against one checkpoint on one suite.
            -- A run is identified by its content, not by paths, so re-running resumes it.
            CREATE TABLE runs (
                id                  INTEGER PRIMARY KEY,
                suite               TEXT    NOT NULL,
                attack              TEXT    NOT NULL,
                attack_config       TEXT    NOT NULL,   -- canonical JSON
                attack_config_hash  TEXT    NOT NULL,   -- SHA-256 hex of attack_config
                checkpoint_name     TEXT    NOT NULL,
                checkpoint_path     TEXT    NOT NULL,   -- where it was first run from; informative only
                checkpoint_hash     TEXT    NOT NULL,   -- CheckpointHash of the checkpoint's content
                head                TEXT    NOT NULL,
                seed                INTEGER NOT NULL,
                planned_examples    INTEGER NOT NULL CHECK (planned_examples >= 0),
                created_at          TEXT    NOT NULL,   -- ISO 8601, UTC
                finished_at         TEXT,               -- NULL while the run is incomplete
                UNIQUE (suite, attack, attack_config_hash, checkpoint_hash, head, seed)
            );

            -- One finished example of a run, written in one transaction with its perturbations.
            CREATE TABLE examples (
                id                   INTEGER PRIMARY KEY,
                run_id               INTEGER NOT NULL REFERENCES runs(id),
                example_index        INTEGER NOT NULL CHECK (example_index >= 0),
                example_id           TEXT    NOT NULL,
                clean_text           TEXT    NOT NULL,
                pair_text            TEXT,
                label                TEXT    NOT NULL,  -- JSON
                clean_prediction     TEXT    NOT NULL,  -- JSON
                clean_scores         TEXT    NOT NULL,  -- JSON array of numbers
                attacked_text        TEXT,
                attacked_prediction  TEXT,              -- JSON
                attacked_scores      TEXT,              -- JSON array of numbers
                status               TEXT    NOT NULL CHECK (status IN ('successful', 'failed', 'skipped', 'error')),
                queries              INTEGER NOT NULL CHECK (queries >= 0),        -- including cache hits
                model_queries        INTEGER NOT NULL CHECK (model_queries >= 0),  -- cache misses only
                perturbed_characters INTEGER NOT NULL CHECK (perturbed_characters >= 0),
                text_length          INTEGER NOT NULL CHECK (text_length >= 0),   -- Unicode scalars
                extra_metrics        TEXT    NOT NULL,  -- JSON object of name -> number
                error_message        TEXT,
                elapsed_seconds      REAL    NOT NULL,
                recorded_at          TEXT    NOT NULL,  -- ISO 8601, UTC
                UNIQUE (run_id, example_index)
            );

            -- One edit of a successful (or attempted) attack, in the order the search made them.
            CREATE TABLE perturbations (
                id              INTEGER PRIMARY KEY,
                example_row_id  INTEGER NOT NULL REFERENCES examples(id),
                ordinal         INTEGER NOT NULL,
                position        INTEGER NOT NULL,  -- Unicode-scalar offset in the clean text
                original        TEXT    NOT NULL,
                replacement     TEXT    NOT NULL,
                transformation  TEXT    NOT NULL,
                justification   TEXT    NOT NULL,
                UNIQUE (example_row_id, ordinal)
            );

            CREATE INDEX perturbations_by_transformation ON perturbations (transformation);
            """),
        Step(version: 2, sql: """
            -- The replacement holds a character the checkpoint's vocabulary lacks (it tokenizes to [UNK]).
            ALTER TABLE perturbations ADD COLUMN out_of_vocabulary INTEGER NOT NULL DEFAULT 0;
            """),
            Step(version: 3, sql: """
            -- Precision gets a column of its own (it was a "+bf16" / "+bf16x3" suffix on checkpoint_hash),
            -- and every run records the content hash of the examples it attacks. Both join the run's
            -- identity, so the table is rebuilt with the wider UNIQUE (SQLite cannot alter a constraint).
            CREATE TABLE runs_v3 (
                id                  INTEGER PRIMARY KEY,
                suite               TEXT    NOT NULL,
                attack              TEXT    NOT NULL,
                attack_config       TEXT    NOT NULL,   -- AttackSpec.canonicalJSON
                attack_config_hash  TEXT    NOT NULL,   -- SHA-256 hex of attack_config
                checkpoint_name     TEXT    NOT NULL,
                checkpoint_path     TEXT    NOT NULL,   -- where it was first run from; informative only
                checkpoint_hash     TEXT    NOT NULL,   -- CheckpointHash of the checkpoint's content
                precision           TEXT    NOT NULL CHECK (precision IN ('fp32', 'bf16', 'bf16x3')),
                dataset_hash        TEXT,               -- SHA-256 of the examples; NULL: recorded before version 3
                head                TEXT    NOT NULL,
                seed                INTEGER NOT NULL,
                planned_examples    INTEGER NOT NULL CHECK (planned_examples >= 0),
                created_at          TEXT    NOT NULL,   -- ISO 8601, UTC
                finished_at         TEXT,               -- NULL while the run is incomplete
                UNIQUE (suite, attack, attack_config_hash, checkpoint_hash, precision, dataset_hash, head, seed)
            );
            INSERT INTO runs_v3 (id, suite, attack, attack_config, attack_config_hash, checkpoint_name, checkpoint_path,
                                 checkpoint_hash, precision, dataset_hash, head, seed, planned_examples, created_at, finished_at)
                SELECT id, suite, attack, attack_config, attack_config_hash, checkpoint_name, checkpoint_path,
                       CASE WHEN instr(checkpoint_hash, '+') > 0 THEN substr(checkpoint_hash, 1, instr(checkpoint_hash, '+') - 1) ELSE checkpoint_hash END,
                       CASE WHEN instr(checkpoint_hash, '+') > 0 THEN substr(checkpoint_hash, instr(checkpoint_hash, '+') + 1) ELSE 'fp32' END,
                       NULL, head, seed, planned_examples, created_at, finished_at
                FROM runs;
            DROP TABLE runs;
            ALTER TABLE runs_v3 RENAME TO runs;
            """, rewrite: LegacyAttackConfig.rewriteAll),
        Step(version: 4, sql: """
            -- Validity facts of each substitution, NULL when the transformation does not know them
            -- (and for every row recorded before version 4).
            -- 1: the (original, replacement) pair is in human spelling-confusion data; 0: it is not.
            ALTER TABLE perturbations ADD COLUMN human_confusion INTEGER CHECK (human_confusion IN (0, 1));
            -- The replacement's index in the General Standard list (1 = commonest … 8105); NULL: not one standard character.
            ALTER TABLE perturbations ADD COLUMN substitute_rank INTEGER CHECK (substitute_rank >= 1);
            -- Sound-based substitutions only: 1 when the matching reading's tone differs from the original's.
            ALTER TABLE perturbations ADD COLUMN tone_changed INTEGER CHECK (tone_changed IN (0, 1));
            """),
        Step(version: 5, sql: """
            -- A person's judgement of one attacked text: does a reader still read the original in it?
            -- attacked_text is the text the person saw, so a mark never attaches to another attack of
            -- the same example. One mark per reviewer and example; a changed mind replaces the mark.
            CREATE TABLE judgements (
                id             INTEGER PRIMARY KEY,
                run_id         INTEGER NOT NULL REFERENCES runs(id),
                example_index  INTEGER NOT NULL,
                attacked_text  TEXT    NOT NULL,   -- equal to examples.attacked_text when recorded
                mark           TEXT    NOT NULL CHECK (mark IN ('natural', 'unnatural')),
                reviewer       TEXT    NOT NULL,
                recorded_at    TEXT    NOT NULL,   -- ISO 8601, UTC; when the current mark was given
                UNIQUE (run_id, example_index, reviewer)
            );
            """),
        Step(version: 6, sql: """
            -- The part of a suite split for a cluster that a database holds. A shard's own database
            -- (`rocbert run --shard I/N`) has one row; a merged one has a row per shard merged into it;
            -- a database of a whole run has none. plan_hash covers every run key, checkpoint name and
            -- example of the whole suite, so shards of different suites or versions never merge.
            CREATE TABLE shards (
                suite             TEXT    NOT NULL,
                plan_hash         TEXT    NOT NULL,
                shard_index       INTEGER NOT NULL CHECK (shard_index >= 0),
                shard_count       INTEGER NOT NULL CHECK (shard_count >= 1 AND shard_index < shard_count),
                planned_examples  INTEGER NOT NULL CHECK (planned_examples >= 0),  -- per run, whole suite
                units             INTEGER NOT NULL CHECK (units >= 0),             -- (checkpoint, attack, example) of this shard
                compute           TEXT    NOT NULL DEFAULT '[]',                   -- JSON array: BLAS kernel and threads it ran on
                recorded_at       TEXT    NOT NULL,                                -- ISO 8601, UTC; when the shard first ran
                UNIQUE (plan_hash, shard_index)
            );
            """),
        Step(version: 7, sql: """
            -- Multiple choice: the choices as the model read them (JSON array of strings), so a record
            -- replays from the database alone; NULL for other heads and for rows recorded before version 7.
            ALTER TABLE examples ADD COLUMN choices TEXT;
            """),
        Step(version: 8, sql: """
            -- Whether a RoCBert checkpoint's side inputs saw the edit: 1 when the replacement has the
            -- original's shape (pronunciation) ids, 0 when not, NULL when the checkpoint has no such
            -- input and for rows recorded before version 8.
            ALTER TABLE perturbations ADD COLUMN shape_kept INTEGER CHECK (shape_kept IN (0, 1));
            ALTER TABLE perturbations ADD COLUMN pronunciation_kept INTEGER CHECK (pronunciation_kept IN (0, 1));
            """),
    ]
}
