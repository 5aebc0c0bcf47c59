// One entry of the shell's command table: everything `help`, completion and dispatch need.
import NPICore

/// What Tab completes in a command's arguments.
public enum ArgumentCompletion: Equatable, Sendable {
    case nothing
    /// Program names (`break`, `tbreak`), then `if` and the condition's words.
    case breakpointLocation
    /// Breakpoint numbers, and program names if asked (`delete`, `enable`, `disable`, `condition`).
    case breakpoints(includingPrograms: Bool)
    /// Setting names, then their values (`set`).
    case settings
    /// File paths (`load`, `source`).
    case files
    /// Fixed words for the first argument, files after some of them (`teacher run`, `trace save`).
    case words([String], filesAfter: [String])
    /// Command names (`help`).
    case commands
}

/// A shell command: its names, help texts, argument count, completion and handler.
public struct ShellCommand: Sendable {
    public let name: String
    public let aliases: [String]
    /// The usage line, e.g. `step [N]`.
    public let usage: String
    /// One line for `help`.
    public let summary: String
    /// More lines for `help NAME`.
    public let details: String
    /// How many words may follow the command's name; checked before the handler runs.
    public let arguments: ClosedRange<Int>
    public let completion: ArgumentCompletion
    /// An empty line at the prompt repeats this command (`step`, `next`, `back`, `up`, `down`).
    public let repeatsOnEmptyLine: Bool
    let handler: @Sendable (Shell, [String]) throws -> Void

    init(
        _ name: String, aliases: [String] = [], usage: String, summary: String, details: String = "",
        arguments: ClosedRange<Int> = 0...0, completion: ArgumentCompletion = .nothing,
        repeatsOnEmptyLine: Bool = false, handler: @escaping @Sendable (Shell, [String]) throws -> Void
    ) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.details = details
        self.arguments = arguments
        self.completion = completion
        self.repeatsOnEmptyLine = repeatsOnEmptyLine
        self.handler = handler
    }

    /// The names a user may type for it.
    public var names: [String] { [name] + aliases }

    /// Runs the handler after checking the number of arguments against the declaration; an
    /// error names the command as it was typed (`continue`, not `run`).
    func run(in shell: Shell, calledAs typedName: String, arguments words: [String]) throws {
        guard arguments.contains(words.count) else {
            throw ShellError("\(typedName) takes \(ShellCommand.describe(arguments)), got \(words.count)")
        }
        try handler(shell, words)
    }

    /// `no arguments`, `1 argument`, `at most 2 arguments`, `1 to 3 arguments`, `at least 1 argument`.
    static func describe(_ range: ClosedRange<Int>) -> String {
        func count(_ number: Int) -> String { plural(number, "argument") }
        if range.upperBound == 0 { return "no arguments" }
        if range.lowerBound == range.upperBound { return count(range.lowerBound) }
        if range.upperBound == Int.max { return "at least " + count(range.lowerBound) }
        if range.lowerBound == 0 { return "at most " + count(range.upperBound) }
        return "\(range.lowerBound) to \(count(range.upperBound))"
    }
}

/// Any number of arguments from `minimum` on.
func atLeast(_ minimum: Int) -> ClosedRange<Int> { minimum...Int.max }

// MARK: - Argument parsing helpers

/// The largest count a command accepts, so a typo cannot mean a billion lines.
let largestCount = 1_000_000_000

/// A positive count such as `step 10` (nil: `value`).
func positiveCount(_ text: String?, default value: Int = 1, name: String = "N") throws -> Int {
    guard let text else { return value }
    let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
        throw ShellError("\(name) must be a positive integer, not \(NPIError.quote(text))")
    }
    guard let number = Int(digits), number <= largestCount else {
        throw ShellError("\(name) must be at most \(largestCount), not \(NPIError.quote(text))")
    }
    guard number > 0 else { throw ShellError("\(name) must be a positive integer, not \(NPIError.quote(text))") }
    return number
}

extension Shell {
    /// The README's command reference, made from the command table.
    public static func commandReferenceMarkdown() -> String {
        var lines = ["| command | what it does |", "|---|---|"]
        for command in commands {
            let aliases = command.aliases.isEmpty ? "" : " (also `\(command.aliases.joined(separator: "`, `"))`)"
            let details = command.details.isEmpty ? "" : " " + command.details
            let usage = command.usage.replacingOccurrences(of: "|", with: "\\|")
            let text = (command.summary.prefix(1).uppercased() + command.summary.dropFirst() + "." + details)
                .replacingOccurrences(of: "|", with: "\\|")
            lines.append("| `\(usage)`\(aliases) | \(text) |")
        }
        return lines.joined(separator: "\n")
    }
}
