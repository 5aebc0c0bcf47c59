// One entry of the shell's command table: everything `help`, completion and dispatch need.

/// What Tab completes in a command's arguments.
public enum ArgumentCompletion: Equatable, Sendable {
    case nothing
    /// Program names (`break`, `delete`).
    case programs
    /// Setting names, then their values (`set`).
    case settings
    /// File paths (`load`, `source`, `trace save`).
    case files
    /// Fixed words for the first argument, files after some of them (`teacher run`, `trace save`).
    case words([String], filesAfter: [String])
    /// Command names (`help`).
    case commands
}

/// A shell command: its names, help texts, completion and handler.
public struct ShellCommand: Sendable {
    public let name: String
    public let aliases: [String]
    /// The usage line, e.g. `step [N]`.
    public let usage: String
    /// One line for `help`.
    public let summary: String
    /// More lines for `help NAME`.
    public let details: String
    public let completion: ArgumentCompletion
    /// An empty line at the prompt repeats this command (`step`, `next`).
    public let repeatsOnEmptyLine: Bool
    let handler: @Sendable (Shell, [String]) throws -> Void

    init(
        _ name: String, aliases: [String] = [], usage: String, summary: String, details: String = "",
        completion: ArgumentCompletion = .nothing, repeatsOnEmptyLine: Bool = false,
        handler: @escaping @Sendable (Shell, [String]) throws -> Void
    ) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.details = details
        self.completion = completion
        self.repeatsOnEmptyLine = repeatsOnEmptyLine
        self.handler = handler
    }

    /// The names a user may type for it.
    public var names: [String] { [name] + aliases }
}

// MARK: - Argument parsing helpers

/// Throws unless `arguments` has between `range` words.
func expectArgumentCount(_ arguments: [String], _ range: ClosedRange<Int>) throws {
    guard range.contains(arguments.count) else {
        throw ShellError(arguments.count < range.lowerBound ? "missing argument" : "too many arguments")
    }
}

/// A positive count such as `step 10`, bounded so a typo cannot mean a billion lines.
func positiveCount(_ text: String?, default value: Int = 1, name: String = "N") throws -> Int {
    guard let text else { return value }
    guard let number = Int(text), number > 0 else {
        throw ShellError("\(name) must be a positive integer, not '\(shorten(text, limit: 30))'")
    }
    return min(number, 1_000_000_000)
}

extension Shell {
    /// The README's command reference, made from the command table.
    public static func commandReferenceMarkdown() -> String {
        var lines = ["| command | what it does |", "|---|---|"]
        for command in commands {
            let aliases = command.aliases.isEmpty ? "" : " (also `\(command.aliases.joined(separator: "`, `"))`)"
            let details = command.details.isEmpty ? "" : " " + command.details
            lines.append("| `\(command.usage)`\(aliases) | \(command.summary.prefix(1).uppercased() + command.summary.dropFirst()).\(details) |")
        }
        return lines.joined(separator: "\n")
    }
}
