// Small text helpers for the shell's messages: counts with their nouns, values shortened and
// escaped for one line, paragraphs wrapped to the terminal, and two pictures side by side.

/// `1 step`, `2 steps`.
func plural(_ count: Int, _ noun: String, _ plural: String? = nil) -> String {
    "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
}

/// Long values (10,000-digit sums) shortened for one-line messages.
func shorten(_ text: String, limit: Int = 60) -> String {
    guard text.count > limit else { return text.isEmpty ? "''" : text }
    return "\(text.prefix(limit / 2))…\(text.suffix(limit / 2)) (\(text.count) chars)"
}

/// A value the user typed, quoted for an error message: control characters escaped, so it cannot
/// forge a line or move the cursor, and shortened to `limit` characters.
func quoted(_ text: String, limit: Int = 40) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars.prefix(limit + 1) {
        switch scalar.value {
        case 0x20..<0x7F, 0xA0...:
            escaped.unicodeScalars.append(scalar)
        default:
            escaped += "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }
    let cut = text.unicodeScalars.count > limit
    return "'" + (cut ? String(escaped.prefix(limit)) + "…" : escaped) + "'"
}

/// `text` broken into lines of at most `width` columns at spaces. A word longer than a line is
/// kept whole.
func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
        if !line.isEmpty, line.count + 1 + word.count > width {
            lines.append(line)
            line = String(word)
        } else {
            line += (line.isEmpty ? "" : " ") + word
        }
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines
}

/// The columns `text` takes on a terminal: its characters without ANSI escape sequences.
func visibleWidth(_ text: String) -> Int {
    var width = 0
    var inEscape = false
    for scalar in text.unicodeScalars {
        if inEscape {
            if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
        } else if scalar == "\u{1B}" {
            inEscape = true
        } else {
            width += 1
        }
    }
    return width
}

/// Two multi-line pictures next to each other, the left one padded to a common width.
func sideBySide(_ left: String, _ right: String, gap: Int = 4) -> String {
    let leftLines = left.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let rightLines = right.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let width = leftLines.map(visibleWidth).max() ?? 0
    return (0..<max(leftLines.count, rightLines.count)).map { index in
        let leftLine = index < leftLines.count ? leftLines[index] : ""
        let rightLine = index < rightLines.count ? rightLines[index] : ""
        guard !rightLine.isEmpty else { return leftLine }
        return leftLine + String(repeating: " ", count: width - visibleWidth(leftLine) + gap) + rightLine
    }.joined(separator: "\n")
}
