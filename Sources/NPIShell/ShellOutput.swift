// All shell output goes through here, so tests can capture it and colour and width are
// decided once.
import Foundation
import NPICore

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Where the shell writes: messages to one sink, errors to another.
public final class ShellOutput {
    private let writeMessage: (String) -> Void
    private let writeError: (String) -> Void
    private let measureWidth: () -> Int

    /// Output to closures (tests collect the text); paragraphs wrap at `width` columns.
    public init(
        message: @escaping (String) -> Void, error: @escaping (String) -> Void, width: @escaping () -> Int = { 80 }
    ) {
        writeMessage = message
        writeError = error
        measureWidth = width
    }

    /// Standard output and standard error; paragraphs wrap to the terminal's width (80 columns
    /// when standard output is not a terminal).
    public static func standard() -> ShellOutput {
        ShellOutput(
            message: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) },
            error: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) },
            width: terminalWidth)
    }

    /// Prints one or more lines of normal output.
    public func message(_ text: String) { writeMessage(text) }

    /// Prints an error line, escaped as a whole (`EchoedText.escape`, line breaks included): an
    /// error is one line, and it may repeat a path or value the user or a file gave.
    public func error(_ text: String) { writeError(EchoedText.escapeLine(text)) }

    /// Prints a paragraph wrapped to the width; with a `prefix`, the text starts after it and
    /// its later lines are indented as far (a hanging indent).
    func paragraph(_ text: String, after prefix: String = "") {
        let indent = String(repeating: " ", count: prefix.count)
        let lines = wrap(text, width: max(20, width - prefix.count))
        writeMessage(lines.enumerated().map { ($0.offset == 0 ? prefix : indent) + $0.element }.joined(separator: "\n"))
    }

    /// The columns paragraphs wrap at (read each time: the terminal may have been resized).
    var width: Int { max(20, measureWidth()) }
}

/// The width of the terminal on standard output, or 80 when it is not one.
private func terminalWidth() -> Int {
    #if canImport(Glibc)
    var size = winsize()
    if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
        return Int(size.ws_col)
    }
    #endif
    return 80
}
