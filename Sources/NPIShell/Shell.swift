// The command loop: reads lines, runs their commands, and reports errors the way the place
// they came from needs (the prompt goes on; a script stops at FILE:LINE).
import Foundation

/// A script stopped at its first error; the message already names the file and line.
struct ScriptStopped: Error, CustomStringConvertible {
    var description: String
}

/// The npi shell: a session plus the command table, fed by a line source or script files.
public final class Shell {
    public let session: Session
    /// Set by `quit`; ends the loop and any script.
    var quitRequested = false
    /// Whether the previous command failed (`expect error`).
    var previousCommandFailed = false
    /// The last `step`/`next` typed at the prompt, repeated by an empty line.
    private var lastRepeatable: [String]?
    private var sourceDepth = 0
    public static let prompt = "npi> "

    public init(session: Session) { self.session = session }

    // MARK: - Input loops

    /// Reads commands until `quit` or the end of input. At a terminal an error is reported and
    /// the session goes on; from a pipe the first error stops it (unless `set bail off`).
    /// Returns the exit status.
    public func run(from source: LineSource, name: String = "<stdin>") -> Int32 {
        guard source.isInteractive else {
            var lines: [String] = []
            while case .line(let line) = source.readLine(prompt: "") { lines.append(line) }
            do {
                try runLines(lines, file: name)
                return 0
            } catch {
                session.output.error("\(error)")
                return 1
            }
        }
        while !quitRequested {
            switch source.readLine(prompt: Shell.prompt) {
            case .endOfInput:
                return 0
            case .interrupted:
                ShellInterrupt.clear()
            case .line(let line):
                runTyped(line, source: source)
            }
        }
        return 0
    }

    /// Runs a script file; returns 1 (after printing `FILE:LINE: error: ...`) at its first error.
    public func runScript(path: String) -> Int32 {
        do {
            try source(path: path)
            return 0
        } catch {
            session.output.error("\(error)")
            return 1
        }
    }

    /// `source FILE`: runs a script's lines; throws `ScriptStopped` at the first error.
    func source(path: String) throws {
        guard sourceDepth < 32 else { throw ShellError("scripts nest more than 32 deep (does \(path) source itself?)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShellError("cannot read \(path)")
        }
        let text = String(decoding: data, as: UTF8.self)
        sourceDepth += 1
        defer { sourceDepth -= 1 }
        try runLines(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), file: path)
    }

    /// Runs script lines; throws `ScriptStopped` at the first error that must stop them.
    private func runLines(_ lines: [String], file: String) throws {
        for (index, line) in lines.enumerated() {
            if quitRequested { return }
            let next = lines[(index + 1)...].first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            if let failure = runScriptLine(line, file: file, lineNumber: index + 1, next: next) {
                throw ScriptStopped(description: failure)
            }
        }
    }

    // MARK: - Running lines

    /// A line typed at the prompt: errors print with the usage line and the session goes on.
    private func runTyped(_ line: String, source: LineSource) {
        if line.trimmingCharacters(in: .whitespaces).isEmpty {
            if let repeated = lastRepeatable { runCommand(repeated, onError: reportAtPrompt) }
            return
        }
        source.addHistory(line)
        let commands: [[String]]
        do { commands = try Tokenizer.commands(in: line) } catch {
            reportAtPrompt(error, nil)
            return
        }
        for words in commands where !quitRequested {
            lastRepeatable = command(named: words[0])?.repeatsOnEmptyLine == true ? words : nil
            runCommand(words, onError: reportAtPrompt)
        }
    }

    /// A script line: returns the `FILE:LINE: error: ...` text if the script must stop.
    private func runScriptLine(_ line: String, file: String, lineNumber: Int, next: String?) -> String? {
        let commands: [[String]]
        do { commands = try Tokenizer.commands(in: line) } catch {
            return "\(file):\(lineNumber): error: \(error)"
        }
        let nextCommands = (try? Tokenizer.commands(in: next ?? "")) ?? []
        for (index, words) in commands.enumerated() where !quitRequested {
            if session.settings.echo { session.output.message(Shell.prompt + words.joined(separator: " ")) }
            let following = index + 1 < commands.count ? commands[index + 1] : nextCommands.first
            let failureExpected = following == ["expect", "error"]
            var stop: String?
            if ShellInterrupt.requested {
                ShellInterrupt.clear()
                return "\(file):\(lineNumber): interrupted"
            }
            session.interruptHandled = false
            runCommand(words) { error, usage in
                if let stopped = error as? ScriptStopped {
                    stop = stopped.description
                } else if failureExpected {
                    self.session.output.message("error: \(error)")
                } else if self.session.settings.bail {
                    stop = "\(file):\(lineNumber): error: \(error)"
                } else {
                    self.session.output.error("\(file):\(lineNumber): error: \(error)")
                }
            }
            if let stop { return stop }
            if session.interruptHandled { return "\(file):\(lineNumber): interrupted" }
        }
        return nil
    }

    /// Runs one command, passing any error and the command's usage line to `onError`.
    private func runCommand(_ words: [String], onError: (Error, String?) -> Void) {
        guard let command = command(named: words[0]) else {
            previousCommandFailed = true
            onError(ShellError(unknownCommandMessage(words[0])), nil)
            return
        }
        do {
            try command.handler(self, Array(words.dropFirst()))
            previousCommandFailed = false
        } catch {
            previousCommandFailed = true
            onError(error, command.usage)
        }
    }

    private func reportAtPrompt(_ error: Error, _ usage: String?) {
        session.output.error("error: \(error)")
        if let usage, !(error is ScriptStopped) { session.output.error("usage: \(usage)") }
    }

    // MARK: - Commands

    /// The command called `name` or one of its aliases.
    public func command(named name: String) -> ShellCommand? {
        Shell.commands.first { $0.names.contains(name) }
    }

    /// "unknown command 'stpe' — did you mean 'step'?"
    func unknownCommandMessage(_ name: String) -> String {
        let shown = shorten(name, limit: 30)
        let names = Shell.commands.flatMap(\.names)
        let best = names.map { ($0, editDistance(name, $0)) }.min { $0.1 < $1.1 }
        if let best, best.1 <= 2, name.count <= 40 {
            return "unknown command '\(shown)' — did you mean '\(best.0)'?"
        }
        return "unknown command '\(shown)' — 'help' lists the commands"
    }

    /// `help` lists every command; `help NAME` explains one.
    func help(_ name: String?) throws {
        guard let name else {
            let width = Shell.commands.map(\.usage.count).max()!
            for command in Shell.commands {
                session.output.message("  " + command.usage.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + command.summary)
            }
            session.output.message("Commands can be separated by ';', and '#' starts a comment. An empty line repeats the last step or next.")
            return
        }
        guard let command = command(named: name) else { throw ShellError(unknownCommandMessage(name)) }
        session.output.message("usage: \(command.usage)")
        session.output.message(command.summary)
        if !command.details.isEmpty { session.output.message(command.details) }
        if !command.aliases.isEmpty { session.output.message("aliases: " + command.aliases.joined(separator: ", ")) }
    }
}

/// Levenshtein distance, for "did you mean".
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.prefix(64)), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(1, a.count) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(1, b.count) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
