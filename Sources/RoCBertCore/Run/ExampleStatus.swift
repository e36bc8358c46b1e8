/// How an attacked example ended, as the harness decides it, the store keeps it and the report counts it.
public enum ExampleStatus: String, Codable, Sendable, CaseIterable {
    /// The goal was reached.
    case successful
    /// The search gave up (budget or candidates exhausted) with the goal unreached.
    case failed
    /// The clean prediction already meets the goal (e.g. it is wrong), so nothing was attacked.
    case skipped
    /// The example could not be attacked (a model or data problem); the message says why.
    case error
}
