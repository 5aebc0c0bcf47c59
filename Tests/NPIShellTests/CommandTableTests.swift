import Foundation
@testable import NPIShell
import Testing

@Suite struct CommandTableTests {
    @Test func everyCommandHasUsageAndHelpAndUniqueNames() {
        var seen = Set<String>()
        for command in Shell.commands {
            #expect(command.usage.hasPrefix(command.name), "\(command.name)")
            #expect(!command.summary.isEmpty, "\(command.name)")
            for name in command.names { #expect(seen.insert(name).inserted, "duplicate \(name)") }
        }
        for required in ["load", "info", "env", "show", "step", "next", "finish", "run", "break", "delete",
                         "breaks", "stack", "bt", "teacher", "diff", "trace", "programs", "set", "eval",
                         "expect", "source", "help", "quit", "exit", "tbreak", "enable", "disable",
                         "condition", "until", "back", "restart", "up", "down", "frame", "where",
                         "continue", "c", "view"] {
            #expect(seen.contains(required), "missing \(required)")
        }
    }

    @Test func helpListsEveryCommandAndExplainsOne() throws {
        let shell = try CapturedShell(loadModel: false)
        shell.run("help")
        for command in Shell.commands { #expect(shell.lines.contains { $0.hasPrefix("  \(command.name) ") }, "\(command.name)") }
        shell.run("help step")
        #expect(shell.lines.first == "usage: step [N]")
        #expect(shell.text.contains("aliases: s"))
    }

    @Test func unknownCommandsSuggestTheClosestName() throws {
        let shell = try CapturedShell(loadModel: false)
        shell.type("stpe")
        #expect(shell.lines == ["error: unknown command 'stpe' — did you mean 'step'?"])
        shell.type("xyzzy")
        #expect(shell.lines == ["error: unknown command 'xyzzy' — 'help' lists the commands"])
    }

    @Test func completionComesFromTheTable() throws {
        let captured = try CapturedShell()
        let completer = ShellCompleter(shell: captured.shell)
        #expect(completer.completions(lineBeforeCursor: "st") == ["stack", "step"])
        // ADD is the plain task's root call, which no step calls: no breakpoint there.
        #expect(completer.completions(lineBeforeCursor: "break AD") == ["ADD1"])
        #expect(completer.completions(lineBeforeCursor: "set co") == ["color"])
        #expect(completer.completions(lineBeforeCursor: "set color o") == ["off", "on"])
        #expect(completer.completions(lineBeforeCursor: "teacher s") == ["step"])
        #expect(completer.completions(lineBeforeCursor: "env 1 2; ru") == ["run"])
        let files = completer.completions(lineBeforeCursor: "load \(samplesModels)/addition.saf")
        #expect(files == ["\(samplesModels)/addition.safetensors"])
    }

    @Test func pathsWithSpacesAndQuotesCompleteInTheFormTheTokenizerReads() throws {
        let directory = try TemporaryDirectory()
        let folder = directory.path
        try FileManager.default.createDirectory(atPath: folder + "/sub dir", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: folder + "/with space.jsonl", contents: Data()))
        #expect(FileManager.default.createFile(atPath: folder + "/it's.npis", contents: Data()))
        let captured = try CapturedShell(loadModel: false)
        let completer = ShellCompleter(shell: captured.shell)
        #expect(completer.completions(lineBeforeCursor: "load \(folder)/wi") == ["\(folder)/with\\ space.jsonl"])
        #expect(completer.completions(lineBeforeCursor: "load \(folder)/with\\ s") == ["\(folder)/with\\ space.jsonl"])
        #expect(completer.completions(lineBeforeCursor: "load \"\(folder)/wi") == ["\"\(folder)/with space.jsonl\""])
        #expect(completer.completions(lineBeforeCursor: "source \(folder)/su") == ["\(folder)/sub\\ dir/"])
        #expect(completer.completions(lineBeforeCursor: "source '\(folder)/su") == ["'\(folder)/sub dir/"])
        #expect(completer.completions(lineBeforeCursor: "source \(folder)/it") == ["\(folder)/it\\'s.npis"])
        #expect(completer.completions(lineBeforeCursor: "trace save \(folder)/w") == ["\(folder)/with\\ space.jsonl"])
        // Each completion, typed, is one word naming the file.
        for typed in ["\(folder)/with\\ space.jsonl", "\"\(folder)/with space.jsonl\"", "\(folder)/it\\'s.npis"] {
            let words = try #require(try Tokenizer.commands(in: "load " + typed).first)
            #expect(words.count == 2 && FileManager.default.fileExists(atPath: words[1]), "\(typed)")
        }
        // Nothing is completed inside a comment.
        #expect(completer.completions(lineBeforeCursor: "run # load \(folder)/wi") == [])
    }

    @Test func tildeIsTheHomeFolderWhenCompletingAndWhenOpening() throws {
        let home = try #require(ProcessInfo.processInfo.environment["HOME"])
        let captured = try CapturedShell(loadModel: false)
        let completer = ShellCompleter(shell: captured.shell)
        let listed = try FileManager.default.contentsOfDirectory(atPath: home).filter { !$0.hasPrefix(".") }
        if let name = listed.sorted().first {
            let completions = completer.completions(lineBeforeCursor: "load ~/\(name.prefix(1))")
            #expect(completions.allSatisfy { $0.hasPrefix("~/") }, "the typed ~ is kept: \(completions)")
        }
        #expect(completer.completions(lineBeforeCursor: "load ~") == ["~/"])
        let missing = "~/npi-no-such-model-\(UUID().uuidString).safetensors"
        #expect(captured.run("load \(missing)") == 1)
        #expect(captured.text.contains(home + "/npi-no-such-model-"), "opened under HOME: \(captured.text)")
    }
}
