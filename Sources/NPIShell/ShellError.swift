// The error every shell command throws for bad input: one line, shown with the usage.

/// A user-facing shell error.
public struct ShellError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
