// How `npi shell` starts: a --model that cannot be loaded stops it at once (a missing shipped
// model only warns), and colour follows the terminal and NO_COLOR.
import Foundation
import Testing

@Suite struct ShellCommandTests {
    @Test func aModelThatCannotBeLoadedStopsTheShellAtOnce() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("none.safetensors").path
        let script = directory.appendingPathComponent("s.npis").path
        try "env 1 2\nrun\n".write(toFile: script, atomically: true, encoding: .utf8)
        let expected = "Error: \(missing): cannot read: No such file or directory\n"
        for arguments in [["shell", "--model", missing, script], ["--model", missing, script], ["shell", "--model", missing]] {
            let result = try runNPI(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.standardError == expected, "\(arguments)")
            #expect(result.standardOutput.isEmpty, "\(arguments)")
        }
        let interactive = try runNPIOnTerminal(["shell", "--model", missing], timeout: 10)
        #expect(interactive.status == 1)
        #expect(interactive.standardOutput == expected)
    }

    @Test func aMissingShippedModelOnlyWarnsAndTheTeacherStillWorks() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("s.npis").path
        try "env 1 2\nteacher\n".write(toFile: script, atomically: true, encoding: .utf8)
        let result = try runNPI([script], environment: ["NPI_MODELS": directory.path])
        #expect(result.status == 0)
        #expect(result.standardError.hasPrefix("warning: no shipped model for task 'addition'"))
        #expect(result.standardOutput.contains("teacher finished after"))
    }

    /// https://no-color.org: only a NO_COLOR that is present and not empty turns colour off.
    @Test(arguments: [(nil, true), ("", true), ("1", false), ("0", false)] as [(String?, Bool)])
    func colourAtATerminalFollowsNoColor(noColor: String?, coloured: Bool) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("s.npis").path
        try "env 12 34\nshow\n".write(toFile: script, atomically: true, encoding: .utf8)
        let result = try runNPIOnTerminal(
            [script], environment: noColor.map { ["NO_COLOR": $0] } ?? [:], unsetting: ["NO_COLOR"])
        #expect(result.status == 0, "\(result.standardOutput)")
        #expect(result.standardOutput.contains("problem 12 34  expected 46"))
        #expect(result.standardOutput.contains("\u{1B}[") == coloured, "\(result.standardOutput)")
    }

    @Test func noColourThroughAPipe() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("s.npis").path
        try "env 12 34\nshow\n".write(toFile: script, atomically: true, encoding: .utf8)
        let result = try runNPI([script], environment: ["NO_COLOR": ""])
        #expect(result.status == 0)
        #expect(!result.standardOutput.contains("\u{1B}"))
    }
}
