// A crash the campaign found and reported, which the shell target steps around until it is
// fixed (then delete this file and its two uses in ShellTarget.swift, and enable the test).
//
// After the model stops on a failed call (a primitive that cannot act, or the depth limit),
// the interpreter has counted the step but the session's trace has not recorded it, so `why`,
// `why @N` and `info frame` index past the trace's end and trap. Reproducer (the shipped model):
// `env 12 34; set max-depth 1; step; why`. Test: Tests/NPIShellTests/FuzzFindingsTests.swift.
import Foundation

enum KnownCrash {
    /// Output that says the model stopped: from then on the session is in the state that traps.
    static func isCause(_ output: String) -> Bool {
        output.contains("the model stopped")
    }

    /// Whether `words` is a command that traps in that state.
    static func follows(_ words: [String]) -> Bool {
        guard isStepped, let name = ShellBudget.commandName(words[0]) else { return false }
        return name == "why" || (name == "info" && words.count > 1 && ["frame", "f"].contains(words[1]))
    }

    /// With NPI_FUZZ_KNOWN_CRASH=1 the target no longer steps around it (to check a fix).
    static let isStepped = ProcessInfo.processInfo.environment["NPI_FUZZ_KNOWN_CRASH"] != "1"
}
