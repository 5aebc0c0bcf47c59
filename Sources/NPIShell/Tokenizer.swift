// Splits a shell line into commands (`;`) and words (whitespace, quotes, backslashes), dropping
// `#` comments. Tab completion reads an unfinished line with the same rules.

public enum Tokenizer {
    /// The commands on `line`, each as its words. Quotes (`"..."` or `'...'`) keep spaces, `;` and
    /// `#` inside a word; a backslash outside quotes, or inside double quotes, keeps the next
    /// character as it is (`with\ space.npis`).
    public static func commands(in line: String) throws -> [[String]] {
        var scan = Scan(line)
        if let open = scan.quote { throw ShellError("unterminated \(open) quote") }
        scan.endCommand()
        return scan.commands
    }

    /// The last command of a line being typed: its finished words, the word under the cursor
    /// (unescaped; empty after a space) and the quote it is inside, if any. Nil inside a comment.
    static func unfinishedCommand(_ line: String) -> (words: [String], current: String, quote: Character?)? {
        let scan = Scan(line)
        guard !scan.inComment else { return nil }
        return (scan.words, scan.inWord ? scan.word : "", scan.quote)
    }

    /// The state after reading a line character by character.
    private struct Scan {
        var commands: [[String]] = []
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var inComment = false

        init(_ line: String) {
            var escaped = false
            for character in line {
                if escaped {
                    word.append(character)
                    inWord = true
                    escaped = false
                    continue
                }
                if let open = quote {
                    if character == "\\" && open == "\"" {
                        escaped = true
                    } else if character == open {
                        quote = nil
                    } else {
                        word.append(character)
                    }
                    continue
                }
                switch character {
                case "#":
                    inComment = true
                    return
                case ";":
                    endCommand()
                case "\"", "'":
                    quote = character
                    inWord = true
                case "\\":
                    escaped = true
                    inWord = true
                case _ where character.isWhitespace:
                    endWord()
                default:
                    word.append(character)
                    inWord = true
                }
            }
            if escaped { word.append("\\") }  // a backslash at the end of the line stands for itself
        }

        mutating func endWord() {
            if inWord { words.append(word) }
            word = ""
            inWord = false
        }

        mutating func endCommand() {
            endWord()
            if !words.isEmpty { commands.append(words) }
            words = []
        }
    }
}
