// Terminal line editing for the shell: libedit's readline-compatible API (history, Tab
// completion, Ctrl-C). The only file that imports CLibEdit; used only on a terminal.

@preconcurrency import CLibEdit
@preconcurrency import Glibc
import NPICore

/// Lines typed at a terminal, edited with libedit: Emacs keys, Up/Down and Ctrl-R history,
/// Tab completion through a ``LineCompleter``, and Ctrl-C that drops the line.
///
/// libedit's readline API keeps one editor per process, so create at most one `LineEditor`.
/// Each added line is added to `historyPath` at once, merged with what the file holds, so
/// nothing is lost if the process is killed and two shells open at the same time both keep
/// their lines; there is nothing to close.
public final class LineEditor: LineSource {
    /// Entries kept, in memory and in the history file.
    public static let historyLimit: Int32 = 1000

    /// Where history is loaded from and saved to (`~` is not expanded); nil keeps it in memory only.
    public let historyPath: String?
    /// Kept here; libedit's completion hook reaches it weakly through `LibEdit.completer`.
    private let completer: LineCompleter?
    /// The newest history entry, so a repeated line is stored once.
    private var newestEntry: String?
    /// errno of the last failed history save (0 when it worked); saving never throws or prints.
    private(set) var lastSaveError: Int32 = 0

    // MARK: - Making one

    /// A line editor when both standard input and standard output are terminals, else nil
    /// (then read lines with ``StandardInputLineSource``: no prompt, no escape codes).
    ///
    /// Installs ``ShellInterrupt`` if the caller has not, so Ctrl-C at the prompt gives
    /// ``LineEvent/interrupted`` instead of ending the process.
    public static func makeIfTerminal(historyPath: String?, completer: LineCompleter?) -> LineEditor? {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else { return nil }
        ShellInterrupt.install()
        return LineEditor(historyPath: historyPath, completer: completer)
    }

    /// `path` when history can be loaded from and saved to it (nothing there yet, or a regular
    /// file of at most `Shell.scriptSizeLimit` bytes, through a symbolic link or not), else nil
    /// and why: libedit would wait for a writer on a FIFO before the first prompt, read a device
    /// or a huge file without end, and the save would rename a new file over it.
    public static func usableHistoryPath(_ path: String) -> (path: String?, problem: String?) {
        let target: String
        do { target = try AtomicFile.destination(of: path) } catch {
            return (nil, "\(EchoedText.escapeLine(path)): \((error as? AtomicFileError)?.reason ?? "\(error)")")
        }
        var info = stat()
        if stat(target, &info) == 0, Int(info.st_size) > Shell.scriptSizeLimit {
            return (nil, "\(EchoedText.escapeLine(path)): it holds more than \(Shell.scriptSizeLimit >> 20) MB")
        }
        return (path, nil)
    }

    /// Sets libedit up and loads history. Does not look at the terminal, so tests can use it.
    init(historyPath: String?, completer: LineCompleter?) {
        LibEdit.configureOnce()
        self.historyPath = historyPath
        self.completer = completer
        LibEdit.completer = completer
        clear_history()
        stifle_history(Self.historyLimit)
        // A missing, unreadable or foreign-format file leaves the history empty; not an error.
        if let historyPath { _ = read_history(historyPath) }
        newestEntry = Self.historyEntries().last
    }

    // MARK: - LineSource

    public var isInteractive: Bool { true }

    /// Shows `prompt` and reads one edited line.
    ///
    /// On Ctrl-C and on Ctrl-D the cursor is left at the start of a fresh line, so the caller
    /// prints nothing for them. ``ShellInterrupt`` is cleared before and after waiting, so a
    /// Ctrl-C at the prompt does not stop the next command.
    public func readLine(prompt: String) -> LineEvent {
        ShellInterrupt.clear()  // Ctrl-Cs a command ignored must not add up to a forced quit here
        let interruptsBefore = ShellInterrupt.currentSignalCount()
        let typed = readline(prompt)
        let interrupted = ShellInterrupt.currentSignalCount() != interruptsBefore
        ShellInterrupt.clear()
        guard let typed else {
            // libedit returns NULL for Ctrl-C (SIGINT handled) and Ctrl-D alike; the counter tells them apart.
            Self.writeToTerminal(interrupted ? "^C\n" : "\n")
            return interrupted ? .interrupted : .endOfInput
        }
        defer { free(typed) }
        return .line(String(cString: typed))
    }

    /// Adds `line` to the history and appends it to the history file, unless the line is blank
    /// or the same as the newest entry.
    public func addHistory(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace), line != newestEntry else { return }
        _ = add_history(line)
        newestEntry = line
        appendToHistoryFile()
    }

    // MARK: - History

    /// Adds the newest entry to the history file in libedit's format (`_HiStOrY_V2_` header,
    /// one escaped entry per line), merged with what the file holds now, so two shells open
    /// at once both keep their lines; at most ``historyLimit`` entries, written to a temporary
    /// file and renamed into place. An unwritable file only sets ``lastSaveError``.
    func appendToHistoryFile() {
        guard let historyPath, let newestEntry else { return }
        let temporaryPath = historyPath + ".\(getpid()).tmp"
        guard npi_history_file_add(historyPath, temporaryPath, newestEntry, Self.historyLimit) == 0 else {
            lastSaveError = errno == 0 ? EIO : errno
            unlink(temporaryPath)
            return
        }
        lastSaveError = rename(temporaryPath, historyPath) == 0 ? 0 : errno
        if lastSaveError != 0 { unlink(temporaryPath) }
    }

    /// The entries in memory, oldest first.
    static func historyEntries() -> [String] {
        (0..<max(history_length, 0)).compactMap { offset in
            history_get(history_base + offset)?.pointee.line.map { String(cString: $0) }
        }
    }

    // MARK: - Completion

    /// The completions offered for a line: the completer's words, blanks and repeats removed,
    /// in the completer's order.
    static func completions(lineBeforeCursor: String, completer: LineCompleter) -> [String] {
        var seen = Set<String>()
        return completer.completions(lineBeforeCursor: lineBeforeCursor).filter {
            !$0.isEmpty && seen.insert($0).inserted
        }
    }

    /// The match list libedit wants for `word` (the text it will replace): element 0 is the
    /// longest common prefix, then the matches, then NULL; nil for no match. Caller frees.
    ///
    /// A unique match gets a space after it, except a directory (`.../`), so Tab can go on
    /// into it. libedit inserts the common prefix on the first Tab and lists on the second.
    static func libeditMatchList(word: String, matches: [String])
        -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    {
        guard !matches.isEmpty else { return nil }
        LibEdit.pendingMatches = matches
        LibEdit.nextMatch = 0
        let single = matches.count == 1
        rl_completion_append_character = single && matches[0].hasSuffix("/") ? 0 : 0x20
        return rl_completion_matches(word, { _, state in
            if state == 0 { LibEdit.nextMatch = 0 }
            guard LibEdit.nextMatch < LibEdit.pendingMatches.count else { return nil }
            defer { LibEdit.nextMatch += 1 }
            return strdup(LibEdit.pendingMatches[LibEdit.nextMatch])  // libedit frees it
        })
    }

    /// What libedit types after a unique match: a space, or nothing after a directory.
    static var uniqueMatchSuffix: String { rl_completion_append_character == 0 ? "" : " " }

    /// The edited line up to the cursor. `rl_line_buffer` holds UTF-8 bytes but libedit counts
    /// `rl_point` in characters (its wide-character buffer), so cut after decoding.
    static func lineBeforeCursor() -> String {
        guard let buffer = rl_line_buffer else { return "" }
        let line = String(cString: buffer)
        let scalars = line.unicodeScalars
        let cursor = min(max(Int(rl_point), 0), scalars.count)
        return String(scalars.prefix(cursor))
    }

    // MARK: - Terminal output

    /// Writes through the same `FILE` as libedit and `print`, so the order is kept.
    private static func writeToTerminal(_ text: String) {
        fputs(text, stdout)
        fflush(stdout)
    }
}

// MARK: - libedit globals

/// State that libedit's C callbacks reach: they are `@convention(c)` and capture nothing.
/// Touched only on the shell's thread (libedit calls back from inside `readline`).
private enum LibEdit {
    nonisolated(unsafe) static weak var completer: LineCompleter?
    /// The matches being handed to libedit, one per generator call.
    nonisolated(unsafe) static var pendingMatches: [String] = []
    nonisolated(unsafe) static var nextMatch = 0
    nonisolated(unsafe) private static var isConfigured = false

    /// Locale, name, word breaks and the completion hook; must run before libedit initialises
    /// (the first history or readline call), since it reads the locale and name then.
    static func configureOnce() {
        guard !isConfigured else { return }
        isConfigured = true
        // Without a UTF-8 LC_CTYPE libedit silently drops non-ASCII input. With no locale
        // chosen at all (C/POSIX), assume the terminal speaks UTF-8, as nearly all do.
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? "C"
        if chosen == "C" || chosen == "POSIX" { setlocale(LC_CTYPE, "C.UTF-8") }
        rl_readline_name = UnsafePointer(strdup("npi"))  // for "npi:" lines in ~/.editrc
        // Words end at blanks and `;` (between commands) only, as the completer splits them:
        // `lr=0.1` and `Samples/a.npis` are one word each, unlike libedit's default breaks.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n;"))
        rl_attempted_completion_function = { word, _, _ in
            // Never fall back to libedit's file names: the completer offers paths where they fit.
            rl_attempted_completion_over = 1
            guard let completer = LibEdit.completer else { return nil }
            let line = LineEditor.lineBeforeCursor()
            let matches = LineEditor.completions(lineBeforeCursor: line, completer: completer)
            return LineEditor.libeditMatchList(word: word.map { String(cString: $0) } ?? "", matches: matches)
        }
    }
}
