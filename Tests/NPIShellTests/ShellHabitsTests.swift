import Foundation
import NPIShell
import Testing

/// What a new user with gdb habits ran into: scripts, tasks, files, long output, messages.
@Suite struct ShellHabitsTests {
    @Test func switchingTaskOrLoadingAnotherTasksModelClearsTheProblem() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 12 34; task sort") == 0, "\(shell.text)")
        #expect(shell.lines.last?.hasSuffix("sort.safetensors; cleared the addition problem 12 + 34") == true, "\(shell.text)")
        #expect(shell.run("show") == 1)
        #expect(shell.text.contains("no problem set; use 'env 5 3 9 1 0'"))
        #expect(shell.run("env 5 7; task addition; show") == 1, "the sort problem 5 7 is not kept as an addition")
        #expect(shell.run("env 5 7; break CARRY; load \(samplesModels)/sort-recursive.safetensors") == 0)
        #expect(shell.lines.last?.hasSuffix("sort-recursive.safetensors (sort-recursive); cleared the addition problem 5 + 7 and 1 breakpoint") == true, "\(shell.text)")
        #expect(shell.run("show") == 1)
        // The same task's model keeps the problem and the breakpoints.
        #expect(shell.run("env 4 2; break BUBBLE; load \(samplesModels)/sort-recursive.safetensors; breaks; run; expect stack BUBBLE BUBBLESORT") == 0, "\(shell.text)")
    }

    @Test(arguments: ["\r\n", "\r", "\n"])
    func scriptsReadAnyLineEnding(_ ending: String) throws {
        let directory = try TemporaryDirectory()
        let script = directory.path + "/s.npis"
        try ["env 1 2", "run", "expect correct", "expect output 3", ""].joined(separator: ending)
            .write(toFile: script, atomically: true, encoding: .utf8)
        let shell = try CapturedShell()
        #expect(shell.shell.runScript(path: script) == 0)
        #expect(shell.run("source \(script)") == 0, "\(shell.text)")
        #expect(shell.lines == ["problem 1 2  expected 3", "finished after 8 steps: output 3 (correct)"])
    }

    @Test func sourceInAScriptIsRelativeToThatScriptsFolder() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/sub", withIntermediateDirectories: true)
        try "env 2 2\nsource inner.npis\n".write(toFile: directory.path + "/sub/outer.npis", atomically: true, encoding: .utf8)
        try "run\nexpect output 4\n".write(toFile: directory.path + "/sub/inner.npis", atomically: true, encoding: .utf8)
        let shell = try CapturedShell()
        #expect(shell.run("source \(directory.path)/sub/outer.npis") == 0, "\(shell.text)")
        #expect(shell.text.contains("output 4 (correct)"))
    }

    @Test func aFailingScriptAtThePromptIsReportedWithOnePrefix() throws {
        let directory = try TemporaryDirectory()
        let script = directory.path + "/bad.npis"
        try "env 1 2\nrun\nexpect output 9\n".write(toFile: script, atomically: true, encoding: .utf8)
        let shell = try CapturedShell()
        shell.type("source \(script)")
        #expect(shell.lines.last == "\(script):3: error: expected output 9, got 3", "\(shell.text)")
    }

    @Test func traceSaveKeepsAnExistingFileUnlessTold() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/trace.jsonl"
        try "precious\n".write(toFile: path, atomically: true, encoding: .utf8)
        let shell = try CapturedShell()
        #expect(shell.run("env 2 3; run; trace save \(path)") == 1)
        #expect(shell.text.contains("exists; 'trace save --overwrite"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious\n")
        #expect(shell.run("trace save --overwrite \(path)") == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("{"))
    }

    @Test func deepRecursionKeepsLinesShort() throws {
        let shell = try CapturedShell()
        let nines = String(repeating: "9", count: 500)
        #expect(shell.run("task addition-recursive; env \(nines) 1; step 3000; show") == 0)
        let longest = shell.lines.map(\.count).max() ?? 0
        #expect(longest <= 140, "a line of \(longest) characters")
        let deep = shell.lines.filter { $0.contains("] ADD ") || $0.contains("] ADD1 ") }
        #expect(deep.contains { $0.range(of: #"^ +\d+ {10,}\[2\d\d\] ADD "#, options: .regularExpression) != nil },
                "the depth is shown as a number past 8 levels")
        let status = try #require(shell.lines.last)
        #expect(status == "step 3000  stack ADD > ADD > … 245 frames … > ADD > ADD > ADD > ADD", "\(status)")
    }

    @Test func countsAndLargeNumbersReadWell() throws {
        let shell = try CapturedShell()
        #expect(shell.run("load \(BreakpointTests.undertrained); env 128 256; diff") == 0)
        #expect(shell.text.contains("diverged at step 2 after 1 agreeing step\n"), "\(shell.text)")
        #expect(shell.run("step 999999999999999999999") == 1)
        #expect(shell.text.contains("N must be at most 1000000000, not '999999999999999999999'"))
        #expect(shell.run("step 12x") == 1)
        #expect(shell.text.contains("N must be a positive integer, not '12x'"))
    }

    @Test func commandsAreFoundByNameAliasOrUniquePrefix() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 95 7; b CARRY; c; fin; wher; expect step 6") == 0, "\(shell.text)")
        for (typed, message) in [
            ("d", "'d' is ambiguous: delete, diff, disable, down"),
            ("stpe", "unknown command 'stpe' — did you mean 'step'?"),
            ("evl", "unknown command 'evl' — did you mean 'eval'?"),
            ("x", "unknown command 'x' — 'help' lists the commands"),
            ("zz", "unknown command 'zz' — 'help' lists the commands"),
            ("bogus\u{1B}[31mRED", "unknown command 'bogus\\u{1B}[31mRED' — 'help' lists the commands"),
        ] {
            shell.type(typed)
            #expect(shell.lines == ["error: " + message], "\(typed)")
        }
    }

    @Test func everyCommandChecksItsDeclaredArgumentCount() throws {
        for command in Shell.commands where command.arguments.upperBound < 10 {
            let shell = try CapturedShell()
            let words = Array(repeating: "1", count: command.arguments.upperBound + 1)
            #expect(shell.run(([command.name] + words).joined(separator: " ")) == 1, "\(command.name)")
            #expect(shell.text.contains("\(command.name) takes "), "\(command.name): \(shell.text)")
        }
        let shell = try CapturedShell()
        #expect(shell.run("until") == 1)
        #expect(shell.text.contains("until takes 1 argument, got 0"))
        // An alias is named as typed: gdb's `continue N` is not npi's.
        #expect(shell.run("continue 3") == 1)
        #expect(shell.text.contains("continue takes no arguments, got 1"))
    }

    @Test func settingsComeFromOneTable() throws {
        let shell = try CapturedShell()
        #expect(shell.run("set") == 0)
        #expect(shell.lines.map { String($0.prefix { $0 != " " }) } == Setting.all.map(\.name))
        #expect(shell.run("set display on; set display; set alpha") == 0)
        #expect(shell.lines == ["display  on", "alpha  0.5"])
        shell.run("help set")
        for setting in Setting.all { #expect(shell.text.contains(setting.name + " " + setting.values), "\(setting.name)") }
        let completer = ShellCompleter(shell: shell.shell)
        #expect(completer.completions(lineBeforeCursor: "set di") == ["display"])
        #expect(completer.completions(lineBeforeCursor: "set threads ") == ["1", "2"])
        #expect(completer.completions(lineBeforeCursor: "set max-depth a") == ["auto"])
    }

    @Test func helpWrapsToEightyColumnsAtSpaces() throws {
        let shell = try CapturedShell()
        for command in ["help"] + Shell.commands.map({ "help \($0.name)" }) {
            shell.run(command)
            for line in shell.lines {
                #expect(line.count <= 80, "\(command): \(line)")
            }
        }
        shell.run("help step")
        #expect(shell.text.contains("the return probability r"), "words are kept whole: \(shell.text)")
    }
}
