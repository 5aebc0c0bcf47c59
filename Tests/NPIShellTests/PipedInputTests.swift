// Piped input runs line by line as it is read (it may never end), looking one line ahead only
// when a command fails; script files are read whole, up to a size limit.
import Foundation
import NPIShell
import Testing

/// Lines fed as piped input, counting how many the shell has read.
final class CountingLines: LineSource {
    private var remaining: [String]
    private(set) var readCount = 0
    init(_ lines: [String]) { remaining = lines }
    var isInteractive: Bool { false }
    func readLine(prompt: String) -> LineEvent {
        guard !remaining.isEmpty else { return .endOfInput }
        readCount += 1
        return .line(remaining.removeFirst())
    }
    func addHistory(_ line: String) {}
}

@Suite struct PipedInputTests {
    @Test func eachLineRunsBeforeTheNextIsReadAndAFailureLooksOneCommandLineAhead() throws {
        let source = CountingLines(["env 2 3", "", "show", "env 1 x", "", "  ", "expect error", "run", "quit", "never read"])
        let log = LineBox()
        // Each message's first line, with how many lines had been read when it was printed.
        let record: (String) -> Void = { log.lines.append("\(source.readCount): \($0.prefix { $0 != "\n" })") }
        let session = Session(output: ShellOutput(message: record, error: record)) { "\(samplesModels)/\($0).safetensors" }
        try session.load(path: nil)
        #expect(Shell(session: session).run(from: source) == 0, "\(log.lines)")
        let firstOfEach = log.lines.filter { $0.contains("problem ") || $0.contains("error") || $0.contains("finished") }
        #expect(firstOfEach == [
            "1: problem 2 3  expected 5",
            "3: problem 2 3  expected 5",
            // The failure reads ahead past the blank lines to 'expect error', and no further.
            "7: error: operand 'x' is not a decimal number (digits 0-9 only)",
            "8: finished after 8 steps: output 5 (correct)",
        ])
        #expect(source.readCount == 9, "'quit' stops reading")
    }

    @Test func aFailureAtTheEndOfPipedInputStillStopsWithItsLineNumber() throws {
        let shell = try CapturedShell()
        #expect(shell.run("env 2 3\n\nenv 1 x\n\n") == 1)
        #expect(shell.lines.last == "<stdin>:3: error: operand 'x' is not a decimal number (digits 0-9 only)")
    }

    @Test func scriptFilesLargerThanTheLimitAndEndlessDevicesAreRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("npi-pipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let large = directory.appendingPathComponent("large.npis").path
        var text = "env 1 2\n" + String(repeating: "# padding\n", count: Shell.scriptSizeLimit / 10)
        try text.write(toFile: large, atomically: true, encoding: .utf8)
        let shell = try CapturedShell()
        #expect(shell.run("source \(large)") == 1)
        #expect(shell.lines.last?.hasPrefix("<stdin>:1: error: cannot read ") == true)
        #expect(shell.lines.last?.hasSuffix(": a script may hold at most 16 MB") == true)
        #expect(!shell.text.contains("problem 1 2"))
        // Only regular files: a device never ends, and a FIFO without a writer blocked the shell
        // for good (Ctrl-C did not end the wait).
        #expect(shell.run("source /dev/zero") == 1)
        #expect(shell.lines.last == "<stdin>:1: error: cannot read /dev/zero: it is a character device, not a regular file")
        let fifo = directory.appendingPathComponent("fifo.npis").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(shell.run("source \(fifo)") == 1)
        #expect(shell.lines.last == "<stdin>:1: error: cannot read \(fifo): it is a FIFO, not a regular file")
        // A script of exactly the limit is read.
        text = "env 1 2\nrun\n" + String(repeating: "#", count: Shell.scriptSizeLimit - 13) + "\n"
        try text.write(toFile: large, atomically: true, encoding: .utf8)
        #expect(try FileManager.default.attributesOfItem(atPath: large)[.size] as? Int == Shell.scriptSizeLimit)
        #expect(shell.run("source \(large)") == 0, "\(shell.lines.suffix(2))")
        #expect(shell.text.contains("output 3 (correct)"))
    }
}
