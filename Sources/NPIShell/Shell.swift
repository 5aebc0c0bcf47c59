// The command loop: reads lines, runs their commands, and reports errors the way the place
// they came from needs (the prompt goes on; a script stops at FILE:LINE).
import Foundation
import NPICore

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
    /// Commands of scripts and piped input that failed without stopping them (`set bail off`):
    /// the exit status is 1 if there were any.
    private(set) var unexpectedFailures = 0
    /// The last repeatable command typed at the prompt (`step`, `next`, ...), run again by an empty line.
    private var lastRepeatable: [String]?
    /// The folders of the scripts being run, innermost last (`source` inside a script is
    /// relative to its folder).
    private var scriptFolders: [String] = []
    public static let prompt = "npi> "

    public init(session: Session) { self.session = session }

    // MARK: - Input loops

    /// Reads commands until `quit` or the end of input. At a terminal an error is reported and
    /// the session goes on; from a pipe the first error stops it (unless `set bail off`).
    /// Returns the exit status: 1 when a command failed unexpectedly.
    public func run(from source: LineSource, name: String = "<stdin>") -> Int32 {
        guard source.isInteractive else {
            // Each line runs as soon as it is read: piped input may be endless (`yes show | npi`).
            let lines = ScriptLines {
                switch source.readLine(prompt: "") {
                case .line(let line): .text(line)
                case .tooLong(let limit): .tooLong(limit: limit)
                case .endOfInput, .interrupted: nil
                }
            }
            return exitStatus { try runLines(lines, file: name) }
        }
        while !quitRequested {
            switch source.readLine(prompt: Shell.prompt) {
            case .endOfInput:
                return 0
            case .interrupted:
                ShellInterrupt.clear()
            case .tooLong(let limit):
                session.output.error("error: the line is longer than \(limit) bytes; it was skipped")
            case .line(let line):
                runTyped(line, source: source)
            }
        }
        return 0
    }

    /// Runs a script file; returns 1 (after printing `FILE:LINE: error: ...`) at its first
    /// error, or at the end if a command failed under `set bail off`.
    public func runScript(path: String) -> Int32 {
        exitStatus { try source(path: path) }
    }

    /// Runs `body`, printing the error that stopped it; 0 only if no command failed unexpectedly.
    private func exitStatus(_ body: () throws -> Void) -> Int32 {
        unexpectedFailures = 0
        do {
            try body()
        } catch {
            // A script that stopped already says `FILE:LINE: error: ...`.
            session.output.error(error is ScriptStopped ? "\(error)" : "error: \(error)")
            return 1
        }
        return unexpectedFailures > 0 ? 1 : 0
    }

    /// The largest script file `source` reads (it reads a script whole), and the longest line
    /// of piped input.
    public static let scriptSizeLimit = 16 << 20

    /// `source FILE`: runs a script's lines; throws `ScriptStopped` at the first error.
    func source(path: String) throws {
        guard scriptFolders.count < 32 else {
            throw ShellError("scripts nest more than 32 deep (does \(shorten(path)) source itself?)")
        }
        let resolved = resolvedPath(path, relativeTo: scriptFolders.last)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
            throw ShellError("cannot read \(shorten(resolved)): no such file")
        }
        guard !isDirectory.boolValue else { throw ShellError("cannot read \(shorten(resolved)): it is a folder") }
        // Only a regular file: a FIFO without a writer would block the shell beyond Ctrl-C, and a
        // device such as /dev/zero never ends.
        let read: Data?
        do {
            read = try AtomicFile.read(path: resolved, limit: Shell.scriptSizeLimit)
        } catch let error as AtomicFileError {
            throw ShellError("cannot read \(shorten(resolved)): \(error.reason)")
        }
        guard let data = read else {
            throw ShellError("cannot read \(shorten(resolved)): a script may hold at most \(Shell.scriptSizeLimit >> 20) MB")
        }
        let text = String(decoding: data, as: UTF8.self)
        scriptFolders.append(splitPath(resolved).folder)
        defer { scriptFolders.removeLast() }
        // Any line ending: "\n", "\r\n" (a single Character in Swift) or a lone "\r".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        try runLines(ScriptLines(lines), file: resolved)
    }

    /// Runs script lines; throws `ScriptStopped` at the first error that must stop them.
    private func runLines(_ lines: ScriptLines, file: String) throws {
        while !quitRequested, let line = lines.next() {
            let place = "\(shorten(file, limit: 120)):\(lines.lineNumber)"
            let text: String
            switch line {
            case .text(let read): text = read
            case .tooLong(let limit): throw ScriptStopped(description: "\(place): error: the line is longer than \(limit) bytes")
            }
            let nextCommands = {
                guard case .text(let next)? = lines.nextCommandLine() else { return [[String]]() }
                return (try? Tokenizer.commands(in: next)) ?? []
            }
            if let failure = runScriptLine(text, place: place, nextCommands: nextCommands) {
                throw ScriptStopped(description: failure)
            }
        }
    }

    // MARK: - Running lines

    /// A line typed at the prompt: errors print with the usage line and the session goes on.
    private func runTyped(_ line: String, source: LineSource) {
        if line.allSatisfy(\.isWhitespace) {
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

    /// A script line at `place` (`FILE:LINE`): returns the `FILE:LINE: error: ...` text if the
    /// script must stop. `nextCommands` reads the commands of the next line that is not blank;
    /// it is asked only when the line's last command fails, to see whether `expect error` follows.
    private func runScriptLine(_ line: String, place: String, nextCommands: () -> [[String]]) -> String? {
        let commands: [[String]]
        do { commands = try Tokenizer.commands(in: line) } catch {
            return "\(place): error: \(error)"
        }
        for (index, words) in commands.enumerated() where !quitRequested {
            if session.settings.echo { session.output.message(Shell.prompt + words.joined(separator: " ")) }
            func failureExpected() -> Bool {
                let following = index + 1 < commands.count ? commands[index + 1] : nextCommands().first
                return following == ["expect", "error"]
            }
            var stop: String?
            if ShellInterrupt.requested {
                ShellInterrupt.clear()
                return "\(place): interrupted"
            }
            session.interruptHandled = false
            runCommand(words) { error, usage in
                if let stopped = error as? ScriptStopped {
                    stop = stopped.description
                } else if failureExpected() {
                    self.session.output.message("error: \(error)")
                } else if self.session.settings.bail {
                    stop = "\(place): error: \(error)"
                } else {
                    self.unexpectedFailures += 1
                    self.session.output.error("\(place): error: \(error)")
                }
            }
            if let stop { return stop }
            if session.interruptHandled { return "\(place): interrupted" }
        }
        return nil
    }

    /// Runs one command, passing any error and the command's usage line to `onError`.
    private func runCommand(_ words: [String], onError: (Error, String?) -> Void) {
        let command: ShellCommand
        do { command = try resolveCommand(words[0]) } catch {
            previousCommandFailed = true
            onError(error, nil)
            return
        }
        do {
            try command.run(in: self, calledAs: words[0], arguments: Array(words.dropFirst()))
            previousCommandFailed = false
        } catch {
            previousCommandFailed = true
            // A limit the teacher ran into (`teacher`, `diff`) gets the shell's hint here; the
            // model's steps add it where they fail.
            onError(ShellError.hinting(error), command.usage)
        }
    }

    /// At the prompt: `error: ...` and the usage line. A script that stopped already says
    /// `FILE:LINE: error: ...`, so that is printed as it is.
    private func reportAtPrompt(_ error: Error, _ usage: String?) {
        if error is ScriptStopped {
            session.output.error("\(error)")
            return
        }
        session.output.error("error: \(error)")
        if let usage { session.output.error("usage: \(usage)") }
    }
}
