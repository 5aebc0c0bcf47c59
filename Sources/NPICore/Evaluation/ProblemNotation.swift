// How a problem is written on one line of a report (`npi eval`'s first failure): in the task's
// own notation, and short even for a 10,000-digit or 200-element problem.

extension Problem {
    /// The words joined by spaces, as typed after `env`; past `limit` characters, the whole
    /// words that fit, `…` and how many words there are, each counted as a `unit`:
    /// `9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 … (200 elements)`.
    public func abbreviated(counting unit: String, limit: Int = 40) -> String {
        let text = words.joined(separator: " ")
        guard text.count > limit else { return text }
        var head = text.prefix(limit)
        // Cut at the last space unless the limit falls just after a whole word.
        if text[head.endIndex] != " ", let space = head.lastIndex(of: " ") {
            head = head[..<space]
        }
        return "\(head) … (\(words.count) \(unit)\(words.count == 1 ? "" : "s"))"
    }
}

extension NPITask {
    /// The words joined by spaces, as the shell shows a problem; a long problem is cut to its
    /// first words and its word count.
    public func notation(of problem: Problem) -> String {
        problem.abbreviated(counting: "word")
    }
}
