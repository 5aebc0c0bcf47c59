// The lines of a script or of piped input as the shell runs them: read one at a time, with a
// look at the next command line only when a command fails (is it `expect error`?).

/// A script's lines, numbered, read from their source only as they are needed.
final class ScriptLines {
    /// One line of input.
    enum Line {
        case text(String)
        /// A line the source would not keep (longer than `limit` bytes).
        case tooLong(limit: Int)
    }

    private let readLine: () -> Line?
    /// Lines read ahead by `nextCommandLine()` and not yet handed out: that many blank lines,
    /// then `peeked`. Blank lines are counted, not kept (running one does nothing), so looking
    /// ahead past any number of them takes no memory.
    private var blankLinesAhead = 0
    private var peeked: Line??
    /// The number of the line `next()` returned last (1-based).
    private(set) var lineNumber = 0

    /// Lines from `readLine`, which returns nil at the end.
    init(_ readLine: @escaping () -> Line?) { self.readLine = readLine }

    /// The lines of a whole text already in memory (a script file).
    convenience init(_ lines: [String]) {
        var iterator = lines.makeIterator()
        self.init { iterator.next().map(Line.text) }
    }

    /// The next line, or nil at the end.
    func next() -> Line? {
        if blankLinesAhead > 0 {
            blankLinesAhead -= 1
            lineNumber += 1
            return .text("")
        }
        let line = peeked ?? readLine()
        peeked = nil
        if line != nil { lineNumber += 1 }
        return line
    }

    /// The next line that is not blank, read ahead without being handed out; nil at the end.
    func nextCommandLine() -> Line? {
        if let peeked { return peeked }
        while true {
            let line = readLine()
            if case .text(let text)? = line, text.allSatisfy(\.isWhitespace) {
                blankLinesAhead += 1
                continue
            }
            peeked = .some(line)
            return line
        }
    }
}
