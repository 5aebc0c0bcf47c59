// Paths split by hand: Foundation's deletingLastPathComponent traps on a one-character name
// on Linux (`source x` and Tab after `load x` crashed the shell; found by the fuzzer).
import Foundation
import Testing
@testable import NPIShell

@Suite struct ShellPathTests {
    @Test func splitPathGivesTheFolderAndTheName() {
        #expect(splitPath("x") == ("", "x"))
        #expect(splitPath("6") == ("", "6"))
        #expect(splitPath("a/x") == ("a", "x"))
        #expect(splitPath("/x") == ("/", "x"))
        #expect(splitPath("./x") == (".", "x"))
        #expect(splitPath("/a/b/") == ("/a/b", ""))
        #expect(resolvedPath("x", relativeTo: "") == "x")
        #expect(resolvedPath("x", relativeTo: "a") == "a/x")
        #expect(resolvedPath("x", relativeTo: "/") == "/x")
        #expect(resolvedPath("/x", relativeTo: "a") == "/x")
    }

    @Test func completingAOneLetterNameInTheWorkingFolder() throws {
        let shell = try CapturedShell()
        let completer = ShellCompleter(shell: shell.shell)
        // A one-letter prefix with no slash: listed from the working folder, whatever it holds.
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: ".")) ?? []
        let expected = listed.filter { $0.hasPrefix("P") }
        #expect(completer.completions(lineBeforeCursor: "load P").count == expected.count)
    }

    @Test func namesHoldingControlOrFormatCharactersAreNotCompleted() throws {
        // Listed by libedit, `a<ESC>[2Jx.safetensors` cleared the screen and `a<ESC>]0;...<BEL>`
        // set the window title.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("npi-tab-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["a\u{1B}[2Jx.safetensors", "a\u{1B}]0;title\u{07}y.safetensors", "a\u{202E}z.safetensors", "ab.safetensors"] {
            #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: nil))
        }
        let shell = try CapturedShell()
        let completer = ShellCompleter(shell: shell.shell)
        #expect(completer.completions(lineBeforeCursor: "load \(folder)/a") == ["\(folder)/ab.safetensors"])
    }
}
