import ArgumentParser

/// The `rocbert` command line: one subcommand per file in this folder.
@main
struct RocBertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rocbert",
        abstract: "RoCBert in Swift, and a robustness harness around it.",
        subcommands: RocBertCommand.allSubcommands
    )
}
