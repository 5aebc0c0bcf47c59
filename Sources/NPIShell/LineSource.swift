// Where the shell's lines come from: a terminal with line editing, a pipe, or a script file.

/// What reading one line gave.
public enum LineEvent: Equatable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C at the prompt: the line being typed is dropped; the shell goes on.
    case interrupted
    /// Ctrl-D on an empty line, or the end of a pipe or file.
    case endOfInput
    /// A line longer than the source accepts (`limit` bytes); it was skipped to its end.
    case tooLong(limit: Int)
}

/// A source of command lines.
public protocol LineSource: AnyObject {
    /// Reads the next line, showing `prompt` first if the source is interactive.
    func readLine(prompt: String) -> LineEvent
    /// True when a person types the lines (errors then do not end the session).
    var isInteractive: Bool { get }
    /// Remembers a line the user entered (for Up/Down and Ctrl-R); a no-op without history.
    func addHistory(_ line: String)
}

/// Proposes completions for the word being typed.
public protocol LineCompleter: AnyObject {
    /// Completions of the word that ends at the cursor, given the line up to the cursor.
    /// Each completion is the whole word (e.g. `step` for `st`).
    func completions(lineBeforeCursor: String) -> [String]
}
