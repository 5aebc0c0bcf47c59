// All shell output goes through here, so tests can capture it and colour is decided once.
import Foundation

/// Where the shell writes: messages to one sink, errors to another.
public final class ShellOutput {
    private let writeMessage: (String) -> Void
    private let writeError: (String) -> Void

    /// Output to closures (tests collect the text).
    public init(message: @escaping (String) -> Void, error: @escaping (String) -> Void) {
        writeMessage = message
        writeError = error
    }

    /// Standard output and standard error.
    public static func standard() -> ShellOutput {
        ShellOutput(
            message: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) },
            error: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
    }

    /// Prints one or more lines of normal output.
    public func message(_ text: String) { writeMessage(text) }

    /// Prints an error line.
    public func error(_ text: String) { writeError(text) }
}
