// Small text helpers for the shell's messages: counts with their nouns, long values shortened,
// paragraphs wrapped to the terminal, and two pictures side by side.
import NPICore

/// `1 step`, `2 steps`.
func plural(_ count: Int, _ noun: String, _ plural: String? = nil) -> String {
    "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
}

/// Long values (10,000-digit sums) shortened for one-line messages, with control and format
/// characters escaped (a value the user typed must not recolour or clear the terminal).
func shorten(_ text: String, limit: Int = 60) -> String {
    guard text.count > limit else { return text.isEmpty ? "''" : EchoedText.escape(text, limit: limit) }
    let ends = "\(text.prefix(limit / 2))…\(text.suffix(limit / 2))"
    return "\(EchoedText.escape(ends, limit: ends.count)) (\(text.count) chars)"
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
