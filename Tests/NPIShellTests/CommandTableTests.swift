import NPIShell
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
                         "expect", "source", "help", "quit", "exit"] {
            #expect(seen.contains(required), "missing \(required)")
        }
    }

    @Test func helpListsEveryCommandAndExplainsOne() throws {
        let shell = try CapturedShell(loadModel: false)
        shell.run("help")
        for command in Shell.commands { #expect(shell.text.contains(command.usage)) }
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
        #expect(completer.completions(lineBeforeCursor: "break AD") == ["ADD", "ADD1"])
        #expect(completer.completions(lineBeforeCursor: "set co") == ["color"])
        #expect(completer.completions(lineBeforeCursor: "set color o") == ["off", "on"])
        #expect(completer.completions(lineBeforeCursor: "teacher s") == ["step"])
        #expect(completer.completions(lineBeforeCursor: "env 1 2; ru") == ["run"])
        let files = completer.completions(lineBeforeCursor: "load \(samplesModels)/addition.saf")
        #expect(files == ["\(samplesModels)/addition.safetensors"])
    }
}
