// The values `set NAME VALUE` changes, declared once in `Setting.all`: `set`, its help text,
// its listing and Tab completion all come from that table.
import NPICore

/// Shell settings, shown by `set` and changed by `set NAME VALUE`.
public struct ShellSettings: Equatable, Sendable {
    /// α: the return probability at or above which a program returns.
    public var alpha = 0.5
    /// Most core steps per execution; nil: the task's limit for the problem.
    public var maxSteps: Int?
    /// Most frames on the call stack; nil: the task's limit for the problem.
    public var maxDepth: Int?
    /// Highlight pointer cells with ANSI colour.
    public var color = false
    /// Print each script command before running it.
    public var echo = false
    /// Stop a script at its first error.
    public var bail = true
    /// Print the whole picture after every model step, instead of the rows a primitive changed.
    public var display = false
    /// Seed of `eval`'s random problems.
    public var seed: UInt64 = 1
    /// Threads for the model's products: from 2, each batch-1 step is split over two cores.
    public var threads = 1
    /// Serve a call's steps from the call cache when the call has met its inputs before.
    public var cache = true

    /// Every setting as `name  value`, in the table's order.
    public var listing: [String] {
        let width = Setting.all.map(\.name.count).max()!
        return Setting.all.map { $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.show(self) }
    }

    /// Sets `name` from the text `value`; throws a `ShellError` naming what is wrong.
    public mutating func set(_ name: String, to value: String) throws {
        try Setting.named(name).apply(&self, value)
    }
}

/// One setting: its name, the values it takes, what it does, and how to show and change it.
public struct Setting: Sendable {
    public let name: String
    /// The values it takes, for help (`N or auto`).
    public let values: String
    /// What it does, for help.
    public let summary: String
    /// Values Tab offers.
    public let suggestions: [String]
    let show: @Sendable (ShellSettings) -> String
    let apply: @Sendable (inout ShellSettings, String) throws -> Void

    /// Every setting, in the order `set` lists them.
    public static let all: [Setting] = [
        Setting(
            name: "alpha", values: "0...1", summary: "the return threshold α (0.5)", suggestions: ["0.5"],
            show: { "\($0.alpha)" },
            apply: { settings, text in
                guard let number = Double(text), number.isFinite, (0...1).contains(number) else {
                    throw ShellError("alpha must be a number in 0...1, not \(NPIError.quote(text))")
                }
                settings.alpha = number
            }),
        Setting(
            name: "max-steps", values: "N or auto", summary: "the step limit (auto: the task's for the problem)",
            suggestions: ["auto"], show: { $0.maxSteps.map(String.init) ?? "auto" },
            apply: { $0.maxSteps = try limit($1, name: "max-steps") }),
        Setting(
            name: "max-depth", values: "N or auto", summary: "the call depth limit (auto: the task's)",
            suggestions: ["auto"], show: { $0.maxDepth.map(String.init) ?? "auto" },
            apply: { $0.maxDepth = try limit($1, name: "max-depth") }),
        flag("color", "highlight pointer cells in colour", \.color),
        flag("display", "print the whole picture after every step", \.display),
        flag("echo", "print each script command before it runs", \.echo),
        flag("bail", "stop a script at its first error", \.bail),
        flag("cache", "reuse a call's steps when it meets inputs met before (exact; see 'info cache')", \.cache),
        Setting(
            name: "seed", values: "N", summary: "the seed of 'eval'", suggestions: ["1"], show: { "\($0.seed)" },
            apply: { settings, text in
                guard let number = UInt64(text) else {
                    throw ShellError("seed must be a non-negative integer, not \(NPIError.quote(text))")
                }
                settings.seed = number
            }),
        Setting(
            name: "threads", values: "1 or 2", summary: "2 splits each step of a single problem over two cores",
            suggestions: ["1", "2"], show: { "\($0.threads)" },
            apply: { settings, text in
                guard let number = Int(text), (1...64).contains(number) else {
                    throw ShellError("threads must be an integer in 1...64, not \(NPIError.quote(text))")
                }
                settings.threads = number
            }),
    ]

    /// The setting called `name`, or an error listing them.
    public static func named(_ name: String) throws -> Setting {
        guard let setting = all.first(where: { $0.name == name }) else {
            throw ShellError("unknown setting \(NPIError.quote(name)) (settings: \(all.map(\.name).joined(separator: ", ")))")
        }
        return setting
    }

    /// `alpha 0...1: the return threshold α (0.5)`, for help.
    var helpText: String { "\(name) \(values): \(summary)" }

    // MARK: - Kinds of setting

    private static func flag(
        _ name: String, _ summary: String, _ keyPath: WritableKeyPath<ShellSettings, Bool> & Sendable
    ) -> Setting {
        Setting(
            name: name, values: "on|off", summary: summary, suggestions: ["on", "off"],
            show: { $0[keyPath: keyPath] ? "on" : "off" },
            apply: { settings, text in
                switch text {
                case "on", "true", "1": settings[keyPath: keyPath] = true
                case "off", "false", "0": settings[keyPath: keyPath] = false
                default: throw ShellError("\(name) must be on or off, not \(NPIError.quote(text))")
                }
            })
    }

    private static func limit(_ text: String, name: String) throws -> Int? {
        if text == "auto" { return nil }
        guard let number = Int(text), number > 0, number <= largestCount else {
            throw ShellError("\(name) must be an integer in 1...\(largestCount) or auto, not \(NPIError.quote(text))")
        }
        return number
    }
}
