// Tab completion from the command table: command names, program names, breakpoints, settings,
// file paths. The line is read with the tokenizer's rules and every completion is written back
// in the form the tokenizer reads (`with\ space`, or inside the quote the user opened).
import Foundation
import NPICore

/// Completes the word before the cursor using the shell's command table.
public final class ShellCompleter: LineCompleter {
    private let shell: Shell

    public init(shell: Shell) { self.shell = shell }

    /// Each completion replaces the word being typed as it appears on the line (with its
    /// opening quote or backslashes), so it is returned in that form.
    public func completions(lineBeforeCursor line: String) -> [String] {
        guard let (words, current, quote) = Tokenizer.unfinishedCommand(line) else { return [] }
        let found: [String]
        var closesQuote = true
        if let name = words.first {
            guard let entry = shell.command(named: name) else { return [] }
            if case .files = entry.completion, words.count == 1 {
                found = ShellCompleter.paths(completing: current)
            } else if case .words(_, let filesAfter) = entry.completion, words.count >= 2, filesAfter.contains(words[1]) {
                found = ShellCompleter.paths(completing: current)
            } else {
                found = candidates(for: entry, words: words).filter { $0.hasPrefix(current) }.sorted()
            }
            closesQuote = found.count == 1 && !found[0].hasSuffix("/")
        } else {
            found = Shell.commands.flatMap(\.names).filter { $0.hasPrefix(current) }.sorted()
        }
        return found.map { ShellCompleter.typed($0, quote: quote, closing: closesQuote) }
    }

    /// The words Tab may offer as the argument after `words` (the command and the finished arguments).
    private func candidates(for entry: ShellCommand, words: [String]) -> [String] {
        let session = shell.session
        let position = words.count  // 1: the first argument
        let programNames = session.task.programs.programs.map(\.name)
        let breakable = session.task.programs.programs.indices.filter { session.stepsCall(root: $0) }
            .map { session.task.programs[$0].name }
        switch entry.completion {
        case .nothing, .files:
            return []
        case .commands:
            return position == 1 ? Shell.commands.map(\.name) : []
        case .breakpointLocation:
            if position == 1 { return breakable + ["if"] }
            if words.last == "if" || words.last == "and" || words.last == "or" {
                return StepCondition.Quantity.allCases.map(\.rawValue)
            }
            return position == 2 ? ["if"] : []
        case .breakpoints(let includingPrograms):
            let numbers = session.breakpoints.all.map { String($0.number) }
            return numbers + (includingPrograms ? programNames : [])
        case .settings:
            if position == 1 { return Setting.all.map(\.name) }
            if position == 2 { return (try? Setting.named(words[1]).suggestions) ?? [] }
            return []
        case .words(let options, _):
            return position == 1 ? options : []
        }
    }

    // MARK: - Writing a completion back

    /// `word` as it must be typed: inside the user's open quote (closed after a unique,
    /// finished match), else with a backslash before each character the tokenizer would take
    /// as a separator, quote, escape or comment.
    static func typed(_ word: String, quote: Character?, closing: Bool) -> String {
        guard let quote else {
            var escaped = ""
            for character in word {
                if character.isWhitespace || "\\\"';#".contains(character) { escaped.append("\\") }
                escaped.append(character)
            }
            return escaped
        }
        var inside = ""
        for character in word {
            if quote == "\"" && (character == "\"" || character == "\\") { inside.append("\\") }
            // A single quote cannot hold itself: close, add an escaped one, reopen.
            inside += quote == "'" && character == "'" ? "'\\''" : String(character)
        }
        return String(quote) + inside + (closing ? String(quote) : "")
    }

    // MARK: - Paths

    /// Paths that start with `prefix` (as typed: `~` is expanded to list the folder but kept in
    /// the completions); folders end with `/`; hidden files only when the name starts with `.`;
    /// never a name holding control or format characters.
    static func paths(completing prefix: String) -> [String] {
        let expanded = expandedPath(prefix)
        let folder: String
        let namePrefix: String
        if expanded.hasSuffix("/") {
            folder = expanded
            namePrefix = ""
        } else if prefix.hasPrefix("~") && !prefix.contains("/") {
            return prefix == "~" ? ["~/"] : []  // `~user` is not completed
        } else {
            (folder, namePrefix) = splitPath(expanded)
        }
        let listed = folder.isEmpty ? "." : folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listed) else { return [] }
        let typedFolder = String(prefix.dropLast(namePrefix.count))
        // A name holding control or format characters is left out: listed or inserted, it would
        // reach the terminal raw (an escape sequence in a file name could clear the screen).
        return names.filter {
            $0.hasPrefix(namePrefix) && ($0.first != "." || namePrefix.hasPrefix(".")) && EchoedText.isPlain($0)
        }
            .sorted()
            .map { name in
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(
                    atPath: (listed as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
                return typedFolder + name + (isDirectory.boolValue ? "/" : "")
            }
    }
}
