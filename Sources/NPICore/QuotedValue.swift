// What a user typed, made safe to repeat inside a one-line error message.

extension NPIError {
    /// `value` in single quotes for a one-line message, with the characters that could garble
    /// the line escaped and a very long value cut down to its two ends and its length:
    /// `'\u{1B}[2J'`, `'111111111111111111111111…11111111111x' (100001 characters)`.
    ///
    /// Escaped are control characters (an escape sequence could clear or recolour the terminal),
    /// format characters (a right-to-left override could disguise the rest of the line) and
    /// line or paragraph separators (the message must stay on one line).
    public static func quote(_ value: String) -> String {
        let limit = 40
        let length = value.count
        let shown = length > limit ? "\(value.prefix(24))…\(value.suffix(12))" : value
        let escaped = shown.unicodeScalars.map { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: scalar.escaped(asASCII: true)
            default: String(scalar)
            }
        }.joined()
        return "'\(escaped)'" + (length > limit ? " (\(length) characters)" : "")
    }
}
