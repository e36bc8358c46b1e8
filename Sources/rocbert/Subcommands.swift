import ArgumentParser

extension RocBertCommand {
    /// Every subcommand, one line each so parallel work merges without conflict.
    static let allSubcommands: [ParsableCommand.Type] = [
        ForwardCommand.self,
        BenchCommand.self,
        ReportCommand.self,
        CompareCommand.self,
        TokenizeCommand.self,
        RunCommand.self,
        GenerateCommand.self,
        PredictCommand.self,
        PerturbCommand.self,
        TablesCommand.self,
        ReviewCommand.self,
        MergeCommand.self,
    ]
}
