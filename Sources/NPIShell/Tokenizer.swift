// Splits a shell line into commands (`;`) and words (whitespace, quotes), dropping `#` comments.

public enum Tokenizer {
    /// The commands on `line`, each as its words. Quotes (`"..."` or `'...'`) keep spaces, `;` and
    /// `#` inside a word; a backslash inside double quotes escapes the next character.
    public static func commands(in line: String) throws -> [[String]] {
        var commands: [[String]] = []
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        func endWord() {
            if inWord { words.append(word) }
            word = ""
            inWord = false
        }
        func endCommand() {
            endWord()
            if !words.isEmpty { commands.append(words) }
            words = []
        }
        for character in line {
            if let open = quote {
                if escaped {
                    word.append(character)
                    escaped = false
                } else if character == "\\" && open == "\"" {
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
                endCommand()
                return commands
            case ";":
                endCommand()
            case "\"", "'":
                quote = character
                inWord = true
            case _ where character.isWhitespace:
                endWord()
            default:
                word.append(character)
                inWord = true
            }
        }
        if let open = quote { throw ShellError("unterminated \(open) quote") }
        endCommand()
        return commands
    }
}
