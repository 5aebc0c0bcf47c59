// The values `set NAME VALUE` changes.

/// Shell settings, shown by `set` and changed by `set NAME VALUE`.
public struct ShellSettings: Equatable {
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
    /// Seed of `eval`'s random problems.
    public var seed: UInt64 = 1
    /// Threads for the model's products: from 2, each batch-1 step is split over two cores.
    public var threads = 1

    /// The names `set` accepts, in display order.
    public static let names = ["alpha", "max-steps", "max-depth", "color", "echo", "bail", "seed", "threads"]

    /// Every setting as `name value`.
    public var listing: [String] {
        [
            "alpha      \(alpha)",
            "max-steps  \(maxSteps.map(String.init) ?? "auto")",
            "max-depth  \(maxDepth.map(String.init) ?? "auto")",
            "color      \(color ? "on" : "off")",
            "echo       \(echo ? "on" : "off")",
            "bail       \(bail ? "on" : "off")",
            "seed       \(seed)",
            "threads    \(threads)",
        ]
    }

    /// Sets `name` from the text `value`; throws a `ShellError` naming what is wrong.
    public mutating func set(_ name: String, to value: String) throws {
        switch name {
        case "alpha":
            guard let number = Double(value), number.isFinite, (0...1).contains(number) else {
                throw ShellError("alpha must be a number in 0...1, not '\(value)'")
            }
            alpha = number
        case "max-steps":
            maxSteps = value == "auto" ? nil : try ShellSettings.positive(value, name)
        case "max-depth":
            maxDepth = value == "auto" ? nil : try ShellSettings.positive(value, name)
        case "color": color = try ShellSettings.flag(value, name)
        case "echo": echo = try ShellSettings.flag(value, name)
        case "bail": bail = try ShellSettings.flag(value, name)
        case "seed":
            guard let number = UInt64(value) else {
                throw ShellError("seed must be a non-negative integer, not '\(value)'")
            }
            seed = number
        case "threads":
            guard let number = Int(value), (1...64).contains(number) else {
                throw ShellError("threads must be an integer in 1...64, not '\(value)'")
            }
            threads = number
        default:
            throw ShellError(
                "unknown setting '\(name)' (settings: \(ShellSettings.names.joined(separator: ", ")))")
        }
    }

    static func positive(_ text: String, _ name: String) throws -> Int {
        guard let number = Int(text), number > 0, number <= 1_000_000_000 else {
            throw ShellError("\(name) must be an integer in 1...1000000000 or auto, not '\(text)'")
        }
        return number
    }

    static func flag(_ text: String, _ name: String) throws -> Bool {
        switch text {
        case "on", "true", "1": return true
        case "off", "false", "0": return false
        default: throw ShellError("\(name) must be on or off, not '\(text)'")
        }
    }
}
