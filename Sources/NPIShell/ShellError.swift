// The error every shell command throws for bad input: one line, shown with the usage; and the
// shell's words for raising a limit that stopped an execution.
import NPICore

/// A user-facing shell error.
public struct ShellError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ShellError {
    /// How to raise `limit` in the shell: its `set` setting.
    static func hint(for limit: ExecutionLimitError) -> String {
        switch limit {
        case .steps: "raise it with 'set max-steps N'"
        case .depth: "raise it with 'set max-depth N'"
        }
    }

    /// `error` as the shell prints it: with the shell's hint when an execution limit stopped it.
    static func describe(_ error: any Error) -> String {
        ExecutionLimitError.describe(error, hint: hint(for:))
    }

    /// `error` as it is, or as a `ShellError` with the shell's hint if an execution limit stopped it.
    static func hinting(_ error: any Error) -> any Error {
        error.executionLimit == nil ? error : ShellError(describe(error))
    }
}
