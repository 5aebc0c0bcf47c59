import Foundation
import NPITestSupport
import Testing

@Suite struct DataCommandTests {
    @Test func showsOneProblemStepByStep() throws {
        let result = try runNPI(["data", "123", "456", "--show"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("problem 123 456  expected 579"))
        #expect(result.standardOutput.contains("-> WRITE(1,9)"))
        #expect(result.standardOutput.contains("output 579"))
    }

    @Test func writesOneJSONLinePerProblem() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("traces.jsonl").path
        let result = try runNPI(["data", "--count", "7", "--max-digits", "4", "--seed", "3", "-o", path])
        #expect(result.status == 0)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 7)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["expected"] as? String == first?["output"] as? String)
        let again = try runNPI(["data", "--count", "7", "--max-digits", "4", "--seed", "3"])
        #expect(again.standardOutput == lines.map { $0 + "\n" }.joined())
    }

    @Test func badOperandsGetAOneLineErrorNamingTheValue() throws {
        let result = try runNPI(["data", "12x", "4"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("'12x'"))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }

    @Test func writesTracesAsItGoesAndCtrlCLeavesTheOldFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("traces.jsonl").path
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: path))
        // On a terminal, so that Ctrl-C is typed as a person would.
        let terminal = try PseudoTerminal(
            executable: npiExecutable().path, arguments: ["data", "--count", "100000000", "-o", path],
            environment: ProcessInfo.processInfo.environment)
        // Traces reach a temporary file beside the destination long before the last problem.
        func temporaryBytes() throws -> Int {
            try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".traces.jsonl.tmp-") }
                .reduce(0) { $0 + (try FileManager.default.attributesOfItem(atPath: directory.path + "/" + $1)[.size] as! Int) }
        }
        let deadline = Date().addingTimeInterval(120)
        while try temporaryBytes() < 2 << 20, Date() < deadline { usleep(50_000) }
        #expect(try temporaryBytes() >= 2 << 20, "no traces written while running")
        #expect(FileManager.default.contents(atPath: path) == Data("old\n".utf8))

        terminal.type(PseudoTerminal.Key.interrupt)
        let status = terminal.waitForExit(timeout: 60)
        let text = String(decoding: terminal.output, as: UTF8.self)
        #expect(status == 1)
        #expect(text.contains("interrupted after ") && text.contains(" traces: \(path) is unchanged"), "\(text)")
        #expect(FileManager.default.contents(atPath: path) == Data("old\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["traces.jsonl"])
    }
}
