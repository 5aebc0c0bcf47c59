import Foundation
import Testing

/// The shell fed through a pipe: plain lines, no prompt, exit status from the first error.
@Suite struct ShellPipeTests {
    func runShell(input: Data, arguments: [String] = []) throws -> CommandResult {
        let process = Process()
        process.executableURL = npiExecutable()
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, standardOutput: String(decoding: out, as: UTF8.self),
            standardError: String(decoding: err, as: UTF8.self))
    }

    @Test func pipedCommandsRunWithoutPromptOrEscapes() throws {
        let result = try runShell(input: Data("env 2 3\nrun\nexpect correct\n".utf8))
        #expect(result.status == 0)
        #expect(result.standardOutput == "problem 2 3  expected 5\nfinished after 8 steps: output 5 (correct)\n")
        #expect(!result.standardOutput.contains("npi>"))
        #expect(!result.standardOutput.contains("\u{1B}"))
    }

    @Test func sourcingAOneLetterFileNameFromTheWorkingFolder() throws {
        // `source x` crashed npi: Foundation's deletingLastPathComponent traps on "x".
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("npi-source-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "programs\n".write(to: folder.appendingPathComponent("x"), atomically: true, encoding: .utf8)
        let result = try runNPI([], in: folder, input: "source x\n")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("LSHIFT"))
    }

    @Test func invalidUTF8AndBinaryBytesAreErrorsNotCrashes() throws {
        var input = Data("set bail off\n".utf8)
        input.append(contentsOf: [0xFF, 0xFE, 0x00, 0x01, 0x0A])
        input.append(contentsOf: Array("env 1 \u{FF}2\n".utf8) + [0xC3, 0x28, 0x0A])
        input.append(Data("env 1 2; run; expect correct\n".utf8))
        let result = try runShell(input: input)
        #expect(result.status == 1, "commands failed under 'set bail off': the exit status says so")
        #expect(result.standardError.contains("<stdin>:2: error: unknown command"))
        #expect(result.standardOutput.contains("output 3 (correct)"))
    }

    @Test func aFailingScriptExitsWithStatusOneAndNamesFileAndLine() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("bad.npis").path
        try "env 1 2\nrun\nexpect output 4\nrun\n".write(toFile: script, atomically: true, encoding: .utf8)
        let result = try runNPI([script])
        #expect(result.status == 1)
        #expect(result.standardError == "\(script):3: error: expected output 4, got 3\n")
    }

    @Test func eachPipedLineRunsBeforeTheInputEnds() throws {
        let process = Process()
        process.executableURL = npiExecutable()
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            try? stdin.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        // The input stays open, as `yes show | npi` never ends.
        stdin.fileHandleForWriting.write(Data("env 2 3\nshow\n".utf8))
        var output = Data()
        let deadline = Date().addingTimeInterval(30)
        while !String(decoding: output, as: UTF8.self).contains("in1"), Date() < deadline {
            var ready = pollfd(fd: stdout.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 100) > 0 else { continue }
            output += stdout.fileHandleForReading.availableData
        }
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.hasPrefix("problem 2 3  expected 5\nproblem 2 3  expected 5\n"), "\(text)")
        #expect(text.contains("in1"))
    }

    @Test func anEndlessLineIsSkippedWithAnErrorNotKept() throws {
        var input = Data(repeating: UInt8(ascii: "a"), count: (16 << 20) + 1)
        input.append(Data("\nenv 1 2\nrun\n".utf8))
        let result = try runShell(input: input)
        #expect(result.status == 1)
        #expect(result.standardError == "<stdin>:1: error: the line is longer than 16777216 bytes\n")
        #expect(result.standardOutput.isEmpty)
    }
}

/// Errors that repeat what the user typed cannot forge a line or drive the terminal.
@Suite struct EchoedErrorTests {
    @Test func aPathWithALineBreakOrEscapeIsEscapedInTheCommandsError() throws {
        let path = "/tmp/npi-none-\u{1B}[31m\nError: fake"
        let result = try runNPI(["info", "--model", path])
        #expect(result.status == 1)
        #expect(result.standardError == "Error: /tmp/npi-none-\\u{1B}[31m\\nError: fake: cannot read: No such file or directory\n")
        let parse = try runNPI(["eval", "--count", "3\u{1B}X"])
        #expect(parse.status == 64)
        #expect(!parse.standardError.contains("\u{1B}") && parse.standardError.contains("3\\u{1B}X"))
    }

    @Test func theShellsErrorsAreEscapedToo() throws {
        let process = Process()
        process.executableURL = npiExecutable()
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("load /tmp/npi-none-\u{1B}[2J\u{9B}x\u{202E}y\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text == "<stdin>:1: error: /tmp/npi-none-\\u{1B}[2J\\u{009B}x\\u{202E}y: cannot read: No such file or directory\n")
    }
}
