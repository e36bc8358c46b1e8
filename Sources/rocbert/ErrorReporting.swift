import ArgumentParser
import Foundation

/// Runs a command body; any error becomes one line on stderr and exit status 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        FileHandle.standardError.write(Data("rocbert: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
