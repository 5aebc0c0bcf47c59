// An unknown task is one usage error in every subcommand that takes --task, and a model file
// naming one is a one-line error about that file; what the user typed is never echoed raw.
import Foundation
import Testing

@Suite struct UnknownTaskTests {
    static let known = "(known: addition, addition-recursive, sort, sort-recursive, quicksort, quicksort-recursive, max, hanoi)"

    /// The subcommands `npi --help` lists whose own `--help` offers `--task`.
    func subcommandsTakingTask() throws -> [String] {
        let help = try runNPI(["--help"]).standardOutput
        let listing = try #require(help.components(separatedBy: "SUBCOMMANDS:\n").last)
        let names = listing.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }
        return try names.filter { try runNPI([$0, "--help"]).standardOutput.contains("--task <task>") }
    }

    @Test func everySubcommandGivesTheSameErrorAndItsOwnUsage() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let commands = try subcommandsTakingTask()
        #expect(commands == ["data", "train", "eval", "info", "verify", "view"])
        let required = ["train": ["-o", "m.safetensors"], "view": ["-o", "v.html", "1", "2"]]
        for command in commands {
            for extra in [[], ["--recursive"], ["--model", "m.safetensors"]] where command != "data" || extra.isEmpty {
                let arguments = [command, "--task", "foo"] + extra + required[command, default: []]
                let result = try runNPI(arguments, in: directory)
                let lines = result.standardError.split(separator: "\n").map(String.init)
                #expect(result.status == 64, "\(arguments)")
                #expect(lines.first == "Error: unknown task 'foo' \(Self.known)", "\(arguments)")
                #expect(lines.dropFirst().first?.hasPrefix("Usage: npi \(command) ") == true, "\(arguments)")
                #expect(lines.last == "  See 'npi \(command) --help' for more information.", "\(arguments)")
                #expect(result.standardOutput.isEmpty, "\(arguments)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("m.safetensors").path))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("v.html").path))
    }

    @Test func aHostileTaskNameIsEscapedAndShortened() throws {
        // One argument may not exceed 128 KiB on Linux (MAX_ARG_STRLEN), so not 10 MB here;
        // NPICoreTests checks a 10 MB value against the same quoting.
        let name = "\u{1B}[2J" + String(repeating: "x", count: 100_000)
        let result = try runNPI(["eval", "--task", name])
        #expect(result.status == 64)
        let first = try #require(result.standardError.split(separator: "\n").first)
        #expect(first.hasPrefix(#"Error: unknown task '\u{1B}[2Jxxx"#))
        #expect(first.hasSuffix("xxx' (100004 characters) \(Self.known)"))
        #expect(!result.standardError.contains("\u{1B}"))
        #expect(result.standardError.count < 1_000)
    }

    @Test func aModelFileNamingAnUnknownTaskIsAnErrorAboutTheFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let shipped = TranscriptTests.root.appendingPathComponent("Samples/models/addition.safetensors")
        var bytes = try Data(contentsOf: shipped)
        // Same length in the JSON header, so the file stays well-formed: ESC, 'f', 'o'.
        let stored = try #require(bytes.range(of: Data(#""task":"addition""#.utf8)))
        bytes.replaceSubrange(stored, with: Data(#""task":"\u001bfo""#.utf8))
        let path = directory.appendingPathComponent("odd.safetensors").path
        try bytes.write(to: URL(fileURLWithPath: path))
        for command in ["info", "eval", "verify"] {
            let result = try runNPI([command, "--model", path])
            #expect(result.status == 1, "\(command)")
            #expect(result.standardError == "Error: \(path): unknown task '\\u{1B}fo' \(Self.known)\n", "\(command)")
        }
    }
}
