// Which commands the shell target lets through: paths that stay in the sandbox, and no more
// work than a fuzz input should take. Nothing here is a check the shell lacks: loading a file
// the user names, `eval 1000000` and `set max-steps 1000000000` are what a user may ask for.
import NPIShell

struct ShellBudget {
    /// Commands per input, counting empty lines (which repeat `step`, `back`, ...): each may
    /// replay an execution of up to `largestLimit` steps, the sessions' step limit.
    static let commandsPerInput = 12
    /// The largest `max-steps` and `max-depth`.
    static let largestLimit = 1000
    /// `env`: at most this many words (a sort row of 10 takes about 800 teacher steps)...
    static let problemWords = 10
    /// ...of at most this many characters (addition takes about 11 steps per digit).
    static let wordLength = 40
    /// `eval N SIZES`: one per input, N at most this, and every size at most `largestEvalSize`
    /// (with `--diff`, a third of the target's time when inputs could hold several).
    static let largestEvalCount = 2
    static let largestEvalSize = 5

    /// Unknown or ambiguous command names per input: the shell works out "did you mean" for
    /// each twice, typed (edit distances to every name), which took a third of the target's
    /// time when mutated inputs were full of them.
    static let unknownCommandsPerInput = 1

    /// Names `trace save` and `view` must not overwrite nor `source` run (the sandbox's models).
    let fixtures: Set<String>
    private(set) var commandsLeft = ShellBudget.commandsPerInput
    private(set) var unknownCommandsLeft = ShellBudget.unknownCommandsPerInput
    private(set) var evalsLeft = 1

    /// Whether a line with these commands may run; if so, it is counted against the budget.
    mutating func admits(_ commands: [[String]]) -> Bool {
        let cost = max(commands.count, 1)
        let names = commands.map { Self.commandName($0[0]) }
        let unknown = names.filter { $0 == nil }.count
        let evals = names.filter { $0 == "eval" }.count
        guard cost <= commandsLeft, unknown <= unknownCommandsLeft, evals <= evalsLeft,
            commands.allSatisfy(isAffordable)
        else { return false }
        commandsLeft -= cost
        unknownCommandsLeft -= unknown
        evalsLeft -= evals
        return true
    }

    private func isAffordable(_ words: [String]) -> Bool {
        guard let name = Self.commandName(words[0]) else { return true }  // counted in `admits`
        let arguments = Array(words.dropFirst())
        switch name {
        case "load":
            return arguments.allSatisfy(isSandboxName)
        case "source":  // only what `trace save` wrote: a model's bytes could hold any command
            return arguments.allSatisfy { isSandboxName($0) && !fixtures.contains($0) }
        case "trace":
            guard arguments.first == "save" else { return true }
            return arguments.dropFirst().allSatisfy { $0 == "--overwrite" || (isSandboxName($0) && !fixtures.contains($0)) }
        case "view":  // with no file, it writes npi-view-TASK-PROBLEM.html in the sandbox
            return arguments.allSatisfy { $0 == "--overwrite" || (isSandboxName($0) && !fixtures.contains($0)) }
        case "set":
            guard arguments.count == 2, ["max-steps", "max-depth"].contains(arguments[0]) else { return true }
            // `auto` would give back the task's own step limit, which grows with the problem.
            if arguments[0] == "max-steps" && arguments[1] == "auto" { return false }
            return number(arguments[1]).map { $0 <= Self.largestLimit } ?? true
        case "env":
            return arguments.count <= Self.problemWords && arguments.allSatisfy { $0.count <= Self.wordLength }
        case "eval":
            if let count = arguments.first.flatMap(number), count > Self.largestEvalCount { return false }
            return arguments.dropFirst().allSatisfy { word in
                word.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).allSatisfy {
                    $0.count <= 2 && Int($0)! <= Self.largestEvalSize
                }
            }
        default:
            return true
        }
    }

    /// The name of the command `word` means, by the shell's rule (a name or alias, else the
    /// only command with a name that starts with it); nil if none or several. The shell's own
    /// lookup would also work out "did you mean" for a name it does not know.
    static func commandName(_ word: String) -> String? {
        if let exact = Shell.commands.first(where: { $0.name == word || $0.aliases.contains(word) }) {
            return exact.name
        }
        let candidates = Shell.commands.filter { command in
            command.name.hasPrefix(word) || command.aliases.contains { $0.hasPrefix(word) }
        }
        return candidates.count == 1 ? candidates[0].name : nil
    }

    /// A file name in the sandbox folder: no path separator, no `~`, not `.` or `..`.
    private func isSandboxName(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, first != ".", first != "~", first != "-" else { return false }
        return word.count <= 40 && word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
    }

    /// `text` as the shell reads a count or limit (`+5`, `007`); nil if it is not one.
    private func number(_ text: String) -> Int? {
        Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }
}
