import ArgumentParser

/// `rocbert tables …`: the tables the Swift side builds (shape from glyphs, a checkpoint's id files).
struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "Build perturbation tables (shape) and a checkpoint's shape/pronunciation id files.",
        discussion: "The other tables (pronunciation, traditional, decomposition, near-homophone) come from scripts/build_tables.py.",
        subcommands: [ShapeTableCommand.self, CheckpointTablesCommand.self]
    )
}
