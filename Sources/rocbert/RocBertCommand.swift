import ArgumentParser
import RoCBert

/// The `rocbert` command line: one subcommand per file in this folder.
@main
struct RocBertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rocbert",
        abstract: "RoCBert in Swift, and a robustness harness around it.",
        subcommands: RocBertCommand.allSubcommands
    )

    static func main() {
        OpenBLASCore.reexecIfSlower()
        FreedMemoryReuse.enable()
        main(nil)
    }
}
