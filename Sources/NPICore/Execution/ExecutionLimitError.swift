// An execution stopped by one of its `ExecutionLimits`. The error says which limit and where,
// in neutral words; each front end adds how to raise the limit in its own (the shell's
// `set max-steps N`, the CLI's `--max-steps N`).

/// An execution ran into one of its `ExecutionLimits`.
public enum ExecutionLimitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The execution took its most steps (the limit) without finishing.
    case steps(Int)
    /// A call would have put more frames on the stack than the limit; `calling` is the call,
    /// as `ProgramTable.describe` writes it.
    case depth(Int, calling: String)

    /// `step limit reached (5 steps)`, `call depth limit reached (3 frames) calling ADD1`.
    public var description: String {
        switch self {
        case .steps(let limit): "step limit reached (\(limit) steps)"
        case .depth(let limit, let call): "call depth limit reached (\(limit) frames) calling \(call)"
        }
    }

    /// `error` as text, followed by `hint(limit)` when an execution limit stopped it (thrown as
    /// it is, or as the reason of a `StepFailure`): `step limit reached (5 steps); raise it
    /// with 'set max-steps N'`. Other errors, and a nil hint, give the error's own text.
    public static func describe(_ error: any Error, hint: (ExecutionLimitError) -> String?) -> String {
        guard let limit = error.executionLimit, let advice = hint(limit) else { return "\(error)" }
        return "\(error); \(advice)"
    }
}

extension Error {
    /// The execution limit behind this error: the error itself, or the reason a step failed.
    public var executionLimit: ExecutionLimitError? {
        self as? ExecutionLimitError ?? (self as? StepFailure)?.reason as? ExecutionLimitError
    }
}
