// A first argument that is neither a subcommand nor a file is a mistyped command: one line
// naming it (and the nearest command when one is close), exit status 64. Script paths stay
// the shell's, which says it cannot read them.
import Foundation
import Testing

@Suite struct UnknownCommandTests {
    @Test(arguments: [
        (["evl"], "'evl' is neither an npi command nor a file; did you mean 'npi eval'?"),
        (["evl", "--digits", "3"], "'evl' is neither an npi command nor a file; did you mean 'npi eval'?"),
        (["trian", "-o", "m.safetensors"], "'trian' is neither an npi command nor a file; did you mean 'npi train'?"),
        (["verfy"], "'verfy' is neither an npi command nor a file; did you mean 'npi verify'?"),
        (["hepl"], "'hepl' is neither an npi command nor a file; did you mean 'npi help'?"),
        (["xyz"], "'xyz' is neither an npi command nor a file; 'npi --help' lists the commands"),
        (["\u{1B}[2J"], #"'\u{1B}[2J' is neither an npi command nor a file; 'npi --help' lists the commands"#),
    ])
    func aMistypedCommandGetsOneLine(arguments: [String], message: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try runNPI(arguments, in: directory)
        #expect(result.status == 64)
        #expect(result.standardError == "error: \(message)\n")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func aLongMistypedCommandIsShortened() throws {
        let result = try runNPI([String(repeating: "e", count: 100_000)])
        #expect(result.status == 64)
        #expect(result.standardError.hasSuffix("eee' (100000 characters) is neither an npi command nor a file; 'npi --help' lists the commands\n"))
        #expect(result.standardError.count < 200)
    }

    @Test(arguments: ["missing.npis", "dir/x.npis", "./evl"])
    func aMissingScriptIsAFileError(path: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try runNPI([path], in: directory)
        #expect(result.status == 1)
        #expect(result.standardError == "error: cannot read \(path): no such file\n")
    }

    @Test func aFileNamedLikeATypoRunsAsAScript() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "env 1 2\nrun\n".write(to: directory.appendingPathComponent("evl"), atomically: true, encoding: .utf8)
        let result = try runNPI(["evl"], in: directory)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("output 3 (correct)"))
    }

    @Test(arguments: [["help", "eval"], ["eval", "--help"], ["shell", "--help"]])
    func commandNamesAreNotTypos(arguments: [String]) throws {
        let result = try runNPI(arguments)
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("OVERVIEW: "))
    }
}
