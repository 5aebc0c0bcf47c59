// Target (b): a script of shell lines through the tokenizer, every task's problem parser, and
// the shell's command dispatch, typed (and piped, when it uses what only scripts do), on a
// session with tiny models. What runs is bounded by ShellBudget; each input gets fresh sessions
// and an emptied sandbox folder, so no input changes how the next one runs.
import Foundation
import NPICore
import NPINeural
import NPIShell
import NPITasks

public final class ShellTarget: FuzzTarget {
    /// The working directory while the shell runs: the tiny models, and what `trace save` and
    /// `view` write.
    let sandbox: String
    /// The sandbox's own files, kept between inputs: `TASK.safetensors`, `multitask.safetensors`.
    let fixtures: Set<String>

    public init() throws {
        // In NPI_FUZZ_SANDBOX (run.sh's), else in memory if possible: `trace save` fsyncs.
        let environment = ProcessInfo.processInfo.environment
        let base = environment["NPI_FUZZ_SANDBOX"]
            ?? (FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
        sandbox = "\(base)/npi-fuzz-shell-\(getpid())"
        try FileManager.default.createDirectory(atPath: sandbox, withIntermediateDirectories: true)
        var fixtures: Set<String> = []
        for task in TaskRegistry.all {
            try ModelFile.save(TinyModel.make(for: task), path: "\(sandbox)/\(task.name).safetensors")
            fixtures.insert("\(task.name).safetensors")
        }
        // A model of several tasks, for `load multitask.safetensors` and `task NAME` within it.
        let multitask = try NPIModel.extending(
            TinyModel.make(for: [AdditionTask(), SortTask()]), with: MaxTask(), seed: 7)
        try ModelFile.save(multitask, path: "\(sandbox)/multitask.safetensors")
        fixtures.insert("multitask.safetensors")
        self.fixtures = fixtures
        sandboxToRemove = sandbox
        atexit { sandboxToRemove.map { _ = try? FileManager.default.removeItem(atPath: $0) } }
    }

    public func run(_ input: Data) {
        let lines = String(decoding: input, as: UTF8.self)
            .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var budget = ShellBudget(fixtures: fixtures)
        // Typed, one command a line; piped, as given.
        var typed: [String] = []
        var piped: [String] = []
        var usesScriptFeatures = false
        for line in lines {
            let commands: [[String]]
            do { commands = try Tokenizer.commands(in: line) } catch {
                if budget.admits([]) {  // the shell reports the tokenizer's error
                    typed.append(line)
                    piped.append(line)
                }
                continue
            }
            for words in commands { checkProblemParsers(Array(words.dropFirst())) }
            guard budget.admits(commands) else { continue }
            if commands.count <= 1 {
                typed.append(line)
            } else {
                for words in commands {
                    guard let text = Self.line(typing: words) else { continue }
                    typed.append(text)
                }
            }
            piped.append(line)
            usesScriptFeatures = usesScriptFeatures || commands.contains(where: Self.isScriptFeature)
        }
        // Relative paths are the sandbox's while the shell runs; libFuzzer's stay as given.
        let home = FileManager.default.currentDirectoryPath
        guard chdir(sandbox) == 0 else { fail("cannot enter \(sandbox)") }
        _ = Shell(session: session()).run(from: ScriptedLines(typed, interactive: true))
        if usesScriptFeatures {
            _ = Shell(session: session()).run(from: ScriptedLines(piped, interactive: false))
        }
        guard chdir(home) == 0 else { fail("cannot go back to \(home)") }
        setThreads(1)  // `set threads 2` changes a process-wide switch
        emptySandbox()
    }

    /// Whether a command behaves differently in a script than at the prompt (`expect error`,
    /// `set bail`, `set echo`); only inputs with one also run piped, which halves the cost of
    /// the rest: typed, a script's other commands run the same way but for stopping at errors.
    static func isScriptFeature(_ words: [String]) -> Bool {
        switch ShellBudget.commandName(words[0]) {
        case "expect": return true
        case "set": return words.count > 1 && ["bail", "echo"].contains(words[1])
        default: return false
        }
    }

    /// `words` as a line the tokenizer reads back as exactly them (oracle), quoting where
    /// needed; nil for the few non-ASCII words that Unicode joins to a quote or space when
    /// written out (a combining mark after `"`).
    static func line(typing words: [String]) -> String? {
        let special: Set<Character> = ["\"", "'", "\\", ";", "#"]
        let text = words.map { word in
            guard word.isEmpty || word.contains(where: { $0.isWhitespace || special.contains($0) }) else { return word }
            let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"" + escaped + "\""
        }.joined(separator: " ")
        guard (try? Tokenizer.commands(in: text)) == [words] else {
            guard words.allSatisfy({ $0.allSatisfy(\.isASCII) }) else { return nil }
            fail("the tokenizer reads \(text.debugDescription) as \(String(describing: try? Tokenizer.commands(in: text))), not \(words)")
        }
        return text
    }

    /// Oracle for every task's parser: a parsed problem parses to itself, and the shell's next
    /// steps with it (notation, answer, environment, limits) do not trap.
    private func checkProblemParsers(_ words: [String]) {
        for task in TaskRegistry.all {
            guard let problem = try? task.parseProblem(words) else { continue }
            guard let again = try? task.parseProblem(problem.words), again == problem else {
                fail("\(task.name): \(problem.words) does not parse to itself")
            }
            _ = task.notation(of: problem)
            _ = task.expectedOutput(for: problem)
            _ = task.makeEnvironment(for: problem)
            _ = task.executionLimits(for: problem)
        }
    }

    /// A session whose output is dropped, with no model: `load` and `task` load the sandbox's
    /// tiny models (about 1 ms each under ASan, so only inputs that ask pay for it).
    /// A fresh session whose executions stop after `ShellBudget.largestLimit` steps (a task's
    /// own limit grows with the problem: a 12-disk tower takes 24,571 steps, and `view` of it,
    /// which runs the model three times, took longer than the timeout).
    private func session() -> Session {
        let output = ShellOutput(message: { _ in }, error: { _ in })
        let session = Session(output: output) { [sandbox] task in "\(sandbox)/\(task).safetensors" }
        session.settings.maxSteps = ShellBudget.largestLimit
        return session
    }

    private func emptySandbox() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sandbox)) ?? []
        for name in names where !fixtures.contains(name) {
            try? FileManager.default.removeItem(atPath: "\(sandbox)/\(name)")
        }
    }

    // MARK: - Seeds

    public func seeds() throws -> [(name: String, bytes: Data)] {
        // Each within the budget of ShellBudget.commandsPerInput commands.
        let scripts = [
            "load\nenv 12 34\nstep 3\nnext\nfinish\nstack\nup\ndown\nframe 1\ninfo frame\nrun\nexpect correct",
            "load\nenv 12 34\nuntil 6\nback 2\n\nshow\nwhy\nwhy @2 5\nexpect step 4\nexpect stack ADD1 ADD",
            "load\nenv 99 1\ndiff\nwhy\nforce\nshow teacher\nteacher step 3\nteacher run\ntrace",
            "load\nenv 9 1\nrun\ntrace save t.jsonl\ntrace save --overwrite t.jsonl\nsource t.jsonl\nload t.jsonl",
            "load\nenv 99 1\ndiff\nforce\nview\nview\nview --overwrite v.html\ntask sort\nenv 2 1\nview",
            "task sort\nenv 5 3 9 1 0\nbreak BUBBLE if depth > 1 and p < 0.6 || step >= 7\ntbreak @5\nrun\nbreaks\nrun",
            "task sort-recursive\nenv 3 1 2\nbreak RESET\ncondition 1 r != 0.5\ndisable 1\nenable\ndelete BUBBLE\ninfo breakpoints\nrun",
            "load\nset max-steps 50\nset alpha 0.3\nset\nset display on\nenv 7 8\nrun\neval 1 1-2\neval 2 2,3 --diff\ndiff --all",
            "env 12 34\nteacher\nhelp\nhelp step\n? fin\nprograms\ninfo\ntask\nstpe\nexpect error\nquit",
            "load sort.safetensors\ntask addition-recursive\nenv 5 5\nset max-depth 3\nstep 9\nstack",
            "load multitask.safetensors\ninfo\nprograms\ntask max\nenv 3 1 2\nrun\nwhy @1\ntask sort\nenv 2 1\nstep 4\ntask",
            "load\nset bail off\nset echo on\nenv 1 2; step; bogus \"quoted word\" 'single' back\\ slash # comment\nexpect output 3\nrestart\nset threads 2\nrun",
        ]
        return scripts.enumerated().map { index, script in ("script-\(index).npis", Data((script + "\n").utf8)) }
    }

    public var dictionary: [String] {
        Shell.commands.flatMap { [$0.name] + $0.aliases }
            + Setting.all.map(\.name)
            + TaskRegistry.all.flatMap { [$0.name] + $0.programs.programs.map(\.name) }
            + ["if", "and", "or", "&&", "||", "<=", ">=", "==", "!=", "p", "r", "depth", "step", "auto", "on", "off",
               "--all", "--diff", "--overwrite", "save", "run", "model", "breakpoints", "frame", "teacher",
               "output", "correct", "none", "some", "stack", "error", "t.jsonl", "multitask.safetensors", "\\ ", "\"", "'", "; ", "#"]
    }
}

/// Removed when the process exits normally (a crash leaves it, for the reproducer's sake).
nonisolated(unsafe) private var sandboxToRemove: String?

/// Lines fed to the shell from memory, as typed (errors do not stop them) or piped.
final class ScriptedLines: LineSource {
    private let lines: [String]
    private var next = 0
    let isInteractive: Bool

    init(_ lines: [String], interactive: Bool) {
        self.lines = lines
        self.isInteractive = interactive
    }

    func readLine(prompt: String) -> LineEvent {
        guard next < lines.count else { return .endOfInput }
        next += 1
        return .line(lines[next - 1])
    }

    func addHistory(_ line: String) {}
}
