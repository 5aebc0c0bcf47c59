// LineEditor: history and completion glue in-process, then the real libedit path by typing
// at the `npi` shell on a pseudo-terminal (Tab, Enter, Up after a restart, Ctrl-C, Ctrl-D).

import Foundation
import NPITestSupport
import Testing
@testable import NPIShell

// MARK: - In-process (libedit's history and match lists work without a terminal)

/// Serialized: libedit's readline API keeps one history per process.
@Suite("LineEditor without a terminal", .serialized)
struct LineEditorLibraryTests {
    @Test func historyRoundTripsThroughTheFileInLibeditFormat() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/history"
        let editor = LineEditor(historyPath: path, completer: nil)
        #expect(LineEditor.historyEntries() == [], "a missing history file starts an empty history")

        editor.addHistory("train --steps 10")
        editor.addHistory("train --steps 10")  // same as the previous line: kept once
        editor.addHistory("")
        editor.addHistory("   ")
        editor.addHistory("say héllo 中  two  spaces")
        editor.addHistory("help")
        #expect(editor.lastSaveError == 0)
        let expected = ["train --steps 10", "say héllo 中  two  spaces", "help"]
        #expect(LineEditor.historyEntries() == expected)

        // Saved after each line, in libedit's own format (not one plain line per entry).
        let file = try String(contentsOfFile: path, encoding: .utf8)
        #expect(file.hasPrefix("_HiStOrY_V2_\n"))

        let reloaded = LineEditor(historyPath: path, completer: nil)
        #expect(LineEditor.historyEntries() == expected)
        reloaded.addHistory("help")  // same as the newest loaded entry
        #expect(LineEditor.historyEntries() == expected)
        reloaded.addHistory("step")
        #expect(LineEditor.historyEntries() == expected + ["step"])
    }

    @Test func aHistoryFileThatIsNotARegularFileIsNotUsed() throws {
        // A FIFO made the shell wait before its first prompt; /dev/zero would be read without end.
        let directory = try TemporaryDirectory()
        let fifo = directory.path + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let link = directory.path + "/link"
        #expect(symlink("/dev/zero", link) == 0)
        #expect(LineEditor.usableHistoryPath(fifo) == (nil, "\(fifo): it is a FIFO, not a regular file (a write puts a new file in its place)"))
        #expect(LineEditor.usableHistoryPath(link).path == nil)
        #expect(LineEditor.usableHistoryPath(link).problem?.hasSuffix("it is a character device, not a regular file (a write puts a new file in its place)") == true)
        let missing = directory.path + "/new"
        #expect(LineEditor.usableHistoryPath(missing) == (missing, nil))
        let large = directory.path + "/large"
        #expect(FileManager.default.createFile(atPath: large, contents: nil))
        #expect(truncate(large, off_t(Shell.scriptSizeLimit + 1)) == 0)
        #expect(LineEditor.usableHistoryPath(large) == (nil, "\(large): it holds more than 16 MB"))
    }

    @Test func historyIsCappedAtTheLimit() {
        let editor = LineEditor(historyPath: nil, completer: nil)
        let limit = Int(LineEditor.historyLimit)
        for index in 0..<(limit + 5) { editor.addHistory("line \(index)") }
        let entries = LineEditor.historyEntries()
        #expect(entries.count == limit)
        #expect(entries.first == "line 5")
        #expect(entries.last == "line \(limit + 4)")
    }

    @Test func badHistoryFilesAreNotErrors() throws {
        let directory = try TemporaryDirectory()
        // A file in another format (GNU readline's plain lines) loads as nothing, then is replaced.
        let foreign = directory.path + "/plain"
        try "help\nstep\n".write(toFile: foreign, atomically: true, encoding: .utf8)
        let editor = LineEditor(historyPath: foreign, completer: nil)
        editor.addHistory("run")
        #expect(editor.lastSaveError == 0)
        #expect(try String(contentsOfFile: foreign, encoding: .utf8).hasPrefix("_HiStOrY_V2_"))

        // A directory, or a path whose folder is missing: nothing loaded, the save fails quietly.
        for path in [directory.path, directory.path + "/no/such/folder/history"] {
            let unwritable = LineEditor(historyPath: path, completer: nil)
            #expect(LineEditor.historyEntries() == [])
            unwritable.addHistory("step")
            #expect(unwritable.lastSaveError != 0)
            #expect(LineEditor.historyEntries() == ["step"])
        }
    }

    @Test func completionsComeFromTheCompleterWithoutBlanksOrRepeats() {
        let completer = FakeCompleter(["step", "", "stop", "step"])
        let matches = LineEditor.completions(lineBeforeCursor: "load Samples/s", completer: completer)
        #expect(matches == ["step", "stop"])
        #expect(completer.linesAsked == ["load Samples/s"])
    }

    // libedit's rl_completion_matches sorts the matches with `strcmp` on the array's pointers,
    // so their order after element 0 is arbitrary; its match display sorts them properly.
    @Test(arguments: [
        (word: "st", matches: ["step", "stop"], commonPrefix: "st", suffix: " "),
        (word: "he", matches: ["help"], commonPrefix: "help", suffix: " "),
        (word: "Sam", matches: ["Samples/"], commonPrefix: "Samples/", suffix: ""),
        (word: "tr", matches: ["trace", "train", "trace2"], commonPrefix: "tra", suffix: " "),
    ])
    func libeditGetsTheCommonPrefixThenTheMatches(
        word: String, matches: [String], commonPrefix: String, suffix: String
    ) {
        _ = LineEditor(historyPath: nil, completer: nil)
        let array = LineEditor.libeditMatchList(word: word, matches: matches)
        let list = Self.strings(array)
        #expect(list.first == commonPrefix)
        #expect(list.dropFirst().sorted() == matches.sorted())
        #expect(LineEditor.uniqueMatchSuffix == suffix)
        Self.free(array)
    }

    @Test func noMatchGivesNoList() {
        #expect(LineEditor.libeditMatchList(word: "zz", matches: []) == nil)
    }

    /// The NULL-terminated C array as strings.
    static func strings(_ array: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [String] {
        guard let array else { return [] }
        var result: [String] = []
        var index = 0
        while let element = array[index] {
            result.append(String(cString: element))
            index += 1
        }
        return result
    }

    static func free(_ array: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard let array else { return }
        var index = 0
        while let element = array[index] {
            Foundation.free(element)
            index += 1
        }
        Foundation.free(array)
    }
}

final class FakeCompleter: LineCompleter {
    let words: [String]
    private(set) var linesAsked: [String] = []
    init(_ words: [String]) { self.words = words }
    func completions(lineBeforeCursor: String) -> [String] {
        linesAsked.append(lineBeforeCursor)
        return words
    }
}

/// A fresh folder under the system temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("npi-line-editor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

// MARK: - The real shell on a pseudo-terminal

#if canImport(Glibc)
/// Types at `npi` (no arguments: the interactive shell) on a pty. What it relies on:
/// - the prompt is exactly `npi> `, and the shell reads lines with `LineEditor`;
/// - `he` + Tab completes to `help ` (no other command starts with `he`);
/// - the output of `help` (up to the next prompt) contains the command names `step` and `quit`;
/// - `quit` and Ctrl-D end the shell with exit status 0; Ctrl-C at the prompt does not end it;
/// - history is kept in `$HOME/.npi_history` (HOME is a fresh temporary folder here).
@Suite("npi shell on a terminal", .serialized)
struct ShellOnTerminalTests {
    /// The executable under test, found beside the test bundle.
    static let shellExecutableName = "npi"
    static let prompt = "npi> "

    @Test func tabCompletesAndHistorySurvivesARestart() throws {
        let home = try TemporaryDirectory()

        let first = try startShell(home: home.path)
        defer { first.stop() }
        try waitForPrompt(first)
        first.type("he" + PseudoTerminal.Key.tab)
        #expect(first.waitFor("lp "), "Tab did not complete `he` to `help `:\n\(first.transcript)")
        #expect(currentLine(first).hasSuffix(Self.prompt + "help "), "\(first.transcript)")
        first.type(PseudoTerminal.Key.enter)
        try waitForPrompt(first)
        let help = first.textSinceMark
        #expect(help.contains("step") && help.contains("quit"), "no help output:\n\(first.transcript)")
        first.type("quit" + PseudoTerminal.Key.enter)
        #expect(first.waitForExit() == 0, "`quit` did not exit with status 0:\n\(first.transcript)")

        let historyFile = home.path + "/.npi_history"
        #expect(FileManager.default.fileExists(atPath: historyFile), "no history in $HOME/.npi_history")

        let second = try startShell(home: home.path)
        defer { second.stop() }
        try waitForPrompt(second)
        second.type(PseudoTerminal.Key.up)
        // The newest entry is `quit` if the shell records it (it should), else `help`.
        let recalled = second.waitForAny(of: ["help", "quit"])
        try #require(recalled != nil, "Up recalled nothing:\n\(second.transcript)")
        if recalled == "quit" {
            second.type(PseudoTerminal.Key.up)
            #expect(second.waitFor("help"), "Up Up did not recall `help`:\n\(second.transcript)")
        }
        try #require(second.waitUntilReadingKeys())
        second.type(PseudoTerminal.Key.interrupt)  // drop the recalled line
        try waitForPrompt(second)
        #expect(second.isRunning)
        second.type(PseudoTerminal.Key.endOfFile)
        #expect(second.waitForExit() == 0, "Ctrl-D did not exit with status 0:\n\(second.transcript)")
    }

    @Test func controlCDropsTheLineAndControlDExits() throws {
        let home = try TemporaryDirectory()
        let shell = try startShell(home: home.path)
        defer { shell.stop() }
        try waitForPrompt(shell)
        shell.type("help")
        #expect(shell.waitFor("help"))
        try #require(shell.waitUntilReadingKeys())
        shell.type(PseudoTerminal.Key.interrupt)
        try waitForPrompt(shell)
        #expect(shell.isRunning, "Ctrl-C at the prompt ended the shell:\n\(shell.transcript)")
        #expect(!shell.textSinceMark.contains("quit"), "the interrupted line was run:\n\(shell.transcript)")
        shell.type(PseudoTerminal.Key.endOfFile)
        #expect(shell.waitForExit() == 0, "Ctrl-D did not exit with status 0:\n\(shell.transcript)")
    }

    // MARK: - Helpers

    /// `npi` on a terminal of `columns` (wide enough that long paths do not wrap on the screen).
    func startShell(home: String, columns: UInt16 = 80) throws -> PseudoTerminal {
        var environment = ["HOME": home, "TERM": "xterm", "LANG": "C.UTF-8"]
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        return try PseudoTerminal(executable: try Self.shellExecutable(), environment: environment, columns: columns)
    }

    /// Waits for the prompt and for libedit to wait for keys (see `waitUntilReadingKeys`).
    func waitForPrompt(_ shell: PseudoTerminal,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(shell.waitFor(Self.prompt), "no `\(Self.prompt)` prompt:\n\(shell.transcript)",
                     sourceLocation: sourceLocation)
        try #require(shell.waitUntilReadingKeys(), "no line editing at the prompt:\n\(shell.transcript)",
                     sourceLocation: sourceLocation)
    }

    /// The screen text from the last prompt on.
    func currentLine(_ shell: PseudoTerminal) -> String {
        let text = shell.transcript
        guard let start = text.range(of: Self.prompt, options: .backwards) else { return text }
        return String(text[start.lowerBound...])
    }

    /// `npi` in the folder of the test bundle or one above it (`.build/<triple>/debug/npi`).
    static func shellExecutable() throws -> String {
        var folder = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent(shellExecutableName).path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder),
               !isFolder.boolValue, FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
            folder.deleteLastPathComponent()
        }
        throw ExecutableNotFound(name: shellExecutableName, start: Bundle.main.bundleURL.path)
    }

    struct ExecutableNotFound: Error, CustomStringConvertible {
        let name: String, start: String
        var description: String { "no executable `\(name)` in \(start) or the folders above it" }
    }
}
#endif
