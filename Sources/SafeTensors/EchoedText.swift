// Text from a file or a user, made safe to repeat inside a one-line message.

/// How a message repeats a value it did not write itself (a tensor name, a dtype, a metadata
/// value, a name a user typed): quoted, escaped and cut short.
public enum EchoedText {
    /// The most characters shown whole; a longer value shows its two ends and its length.
    public static let limit = 40

    /// `value` in single quotes for a one-line message, with the characters that could garble
    /// the line escaped and a very long value cut down to its two ends and its length:
    /// `'\u{1B}[2J'`, `'111111111111111111111111…11111111111x' (100001 characters)`.
    ///
    /// Escaped are control characters (C0 and C1: an escape sequence could clear or recolour the
    /// terminal, a carriage return could forge a line), format characters (a right-to-left
    /// override could disguise the rest of the line) and line or paragraph separators (the
    /// message must stay on one line).
    public static func quote(_ value: String) -> String {
        "'\(escape(value))'" + (value.count > limit ? " (\(value.count) characters)" : "")
    }

    /// `value` escaped and cut short like `quote`, without the quotes or the length: for text
    /// shown on a line of its own (e.g. a command line stored in a file).
    public static func escape(_ value: String, limit: Int = limit) -> String {
        let shown = value.count > limit ? "\(value.prefix(limit * 3 / 5))…\(value.suffix(limit * 3 / 10))" : value
        return shown.unicodeScalars.map { isGarbling($0) ? $0.escaped(asASCII: true) : String($0) }.joined()
    }

    /// Whether `value` has nothing `escape` would escape, so it can reach a terminal as it is
    /// (the shell leaves other file names out of its Tab completions).
    public static func isPlain(_ value: String) -> Bool { !value.unicodeScalars.contains(where: isGarbling) }

    /// Control and format characters and line or paragraph separators: what `escape` escapes.
    private static func isGarbling(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    /// The most characters of a whole message line: errors that repeat a long path stay readable.
    public static let lineLimit = 2_000

    /// `value` escaped like `escape` but cut short only past `lineLimit`: a path the user gave,
    /// or a whole message line, repeated in full.
    public static func escapeLine(_ value: String) -> String { escape(value, limit: lineLimit) }

    /// A message of several lines made safe as a whole: each line escaped and cut short like
    /// `escape` (at `lineLimit`), the line breaks kept (for a usage text after an error).
    public static func escapeLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { escapeLine(String($0)) }.joined(separator: "\n")
    }
}
