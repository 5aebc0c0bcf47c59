// Test helper: runs a program on a pseudo-terminal and types at it like a person, so tests
// reach the real libedit path (prompt, Tab, arrows, Ctrl-C, Ctrl-D) without tmux.

import Foundation

#if canImport(Glibc)
@preconcurrency import Glibc

/// A child process whose stdin, stdout and stderr are the slave side of a new pty, with the
/// pty as its controlling terminal (so Ctrl-C typed here sends it SIGINT).
///
/// Every wait has a deadline; ``stop()`` (also run by `deinit`) kills and reaps the child.
public final class PseudoTerminal {
    /// Bytes a keyboard sends.
    public enum Key {
        public static let tab = "\t"
        public static let enter = "\r"
        public static let up = "\u{1B}[A"
        public static let interrupt = "\u{03}"  // Ctrl-C
        public static let endOfFile = "\u{04}"  // Ctrl-D
    }

    public struct SpawnError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        public var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
    }

    public let processID: pid_t
    private var masterFD: Int32
    /// Everything the child has written so far.
    public private(set) var output: [UInt8] = []
    /// Where the output since the last keys typed starts.
    private var mark = 0
    /// The wait status, once the child has been reaped.
    private var waitStatus: Int32?

    // glibc's POSIX_SPAWN_SETSID (0x80, glibc ≥ 2.26): Swift's Glibc module does not export it.
    private static let spawnSetSID: Int32 = 0x80

    // MARK: - Starting

    /// Starts `executable` with `arguments` and exactly `environment`, on a `rows`×`columns` pty.
    public init(executable: String, arguments: [String] = [], environment: [String: String],
         rows: UInt16 = 24, columns: UInt16 = 80) throws
    {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var name = [CChar](repeating: 0, count: 4096)
        guard openpty(&master, &slave, &name, nil, &size) == 0 else {
            throw SpawnError(call: "openpty", code: errno)
        }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        defer { close(slave) }  // the child opens the slave by name; this copy only kept it alive

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid() and without O_NOCTTY, the slave becomes the controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, name, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), noneBlocked = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU] {
            sigaddset(&defaults, signal)
        }
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(
            &attributes, Int16(Self.spawnSetSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            close(master)
            throw SpawnError(call: "posix_spawn \(executable)", code: result)
        }
        processID = pid
        masterFD = master
    }

    deinit { stop() }

    // MARK: - Typing and reading

    /// Sends `keys`; later waits look only at output produced after this.
    public func type(_ keys: String) {
        drain(for: 0)
        mark = output.count
        var bytes = Array(keys.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeMutableBytes { write(masterFD, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            written += count
        }
        bytes.removeAll()
    }

    /// Waits until the screen text since the last ``type(_:)`` contains `text`. False on timeout.
    public func waitFor(_ text: String, timeout: Double = 5) -> Bool {
        waitForAny(of: [text], timeout: timeout) != nil
    }

    /// Waits until the screen text since the last ``type(_:)`` contains one of `texts`, and
    /// returns the first of them that it contains; nil on timeout or when the child is gone.
    public func waitForAny(of texts: [String], timeout: Double = 5) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let text = textSinceMark
            if let found = texts.first(where: { text.contains($0) }) { return found }
            let left = deadline.timeIntervalSinceNow
            guard left > 0, isRunning || drain(for: 0) else { return nil }
            drain(for: min(left, 0.05))
        }
    }

    /// Waits until the program waits for keys one by one with echo off, as a line editor does
    /// at its prompt. Keys typed before raw mode are echoed by the terminal itself (garbling the
    /// screen text), and a Ctrl-C that arrives while libedit is not blocked in `read` is only
    /// seen after the next key, so type Ctrl-C only after this. False on timeout.
    public func waitUntilReadingKeys(timeout: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var settings = termios()
        while deadline.timeIntervalSinceNow > 0 && isRunning {
            // A pty's master and slave share one termios, so the master shows the child's mode.
            let raw = tcgetattr(masterFD, &settings) == 0
                && settings.c_lflag & tcflag_t(ECHO | ICANON) == 0
            if raw && mainThreadIsSleeping() { return true }
            drain(for: 0.002)
        }
        return false
    }

    /// True when the child's main thread sleeps in a system call (Linux `/proc`); with output
    /// drained and raw mode on, that is libedit's `read`. True where `/proc` is missing.
    private func mainThreadIsSleeping() -> Bool {
        let path = "/proc/\(processID)/task/\(processID)/stat"
        guard let stat = try? String(contentsOfFile: path, encoding: .utf8) else { return true }
        // "pid (command) S ...": the state follows the last ')', as the command may hold one.
        guard let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("S")
    }

    /// The output since the last ``type(_:)`` as plain text: escape sequences, carriage returns
    /// and bells removed.
    public var textSinceMark: String { Self.plainText(Array(output[mark...])) }

    /// All output so far as plain text (for failure messages).
    public var transcript: String { Self.plainText(output) }

    /// Reads what the child has written, waiting up to `seconds` for the first bytes.
    /// True when something was read.
    @discardableResult
    private func drain(for seconds: Double) -> Bool {
        guard masterFD >= 0 else { return false }
        var readAny = false
        var timeoutMS = Int32(seconds * 1000)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var descriptor = pollfd(fd: masterFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, timeoutMS)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return readAny }
            let count = buffer.withUnsafeMutableBytes { read(masterFD, $0.baseAddress, $0.count) }
            guard count > 0 else { return readAny }  // EIO: the child closed the terminal
            output += buffer[..<count]
            readAny = true
            timeoutMS = 0
        }
    }

    // MARK: - Ending

    /// True while the child has not exited.
    public var isRunning: Bool {
        reap(blocking: false)
        return waitStatus == nil
    }

    /// Waits for the child to exit and returns its exit status; nil if it is still running
    /// after `timeout` or was killed by a signal.
    public func waitForExit(timeout: Double = 5) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning && deadline.timeIntervalSinceNow > 0 { drain(for: 0.02) }
        drain(for: 0)
        guard let status = waitStatus, status & 0x7f == 0 else { return nil }  // WIFEXITED
        return (status >> 8) & 0xff  // WEXITSTATUS
    }

    /// Kills the child if it still runs, reaps it and closes the terminal.
    public func stop() {
        if waitStatus == nil {
            kill(processID, SIGKILL)
            reap(blocking: true)
        }
        if masterFD >= 0 {
            close(masterFD)
            masterFD = -1
        }
    }

    private func reap(blocking: Bool) {
        guard waitStatus == nil else { return }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(processID, &status, blocking ? 0 : WNOHANG) } while result < 0 && errno == EINTR
        if result == processID { waitStatus = status }
    }

    // MARK: - Screen text

    /// `bytes` without terminal control: CSI (`ESC [ … final`), OSC (`ESC ] … BEL`), other
    /// `ESC x` pairs, `\r` and BEL. Good enough to find words a program printed.
    public static func plainText(_ bytes: [UInt8]) -> String {
        var kept: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B, index + 1 < bytes.count {
                let kind = bytes[index + 1]
                index += 2
                if kind == UInt8(ascii: "[") {
                    while index < bytes.count, !(0x40...0x7E).contains(bytes[index]) { index += 1 }
                    index += 1
                } else if kind == UInt8(ascii: "]") {
                    while index < bytes.count, bytes[index] != 0x07 { index += 1 }
                    index += 1
                }
                continue
            }
            if byte != UInt8(ascii: "\r") && byte != 0x07 { kept.append(byte) }
            index += 1
        }
        return String(decoding: kept, as: UTF8.self)
    }
}
#endif
