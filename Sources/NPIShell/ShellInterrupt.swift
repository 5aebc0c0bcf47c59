// Ctrl-C for the shell: a SIGINT counter that long-running commands poll, so Ctrl-C stops
// `run`/`diff`/`eval` and returns to the prompt instead of ending the process.

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process-wide "interrupt requested" flag, set by SIGINT (Ctrl-C).
///
/// The signal handler only increments a counter, which is async-signal-safe; everything
/// else happens on the shell's thread. A command polls ``requested`` between steps and,
/// when it stops because of it, calls ``clear()``. The line editor uses the same counter to
/// tell Ctrl-C at the prompt from Ctrl-D.
///
/// If a command never polls, the third Ctrl-C that nobody has cleared ends the process the
/// ordinary way (default SIGINT action), so a stuck command can still be stopped.
public enum ShellInterrupt {
    // MARK: - State

    // Raw memory rather than Swift `static var`s: the handler must not go through Swift's
    // exclusivity checks or lazy initialisation. Only the handler writes the signal count;
    // only the shell's thread writes the cleared count, so neither is torn or lost.
    nonisolated(unsafe) private static let signalCountStorage: UnsafeMutablePointer<sig_atomic_t> = {
        let pointer = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return pointer
    }()
    nonisolated(unsafe) private static let clearedCountStorage: UnsafeMutablePointer<sig_atomic_t> = {
        let pointer = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return pointer
    }()
    nonisolated(unsafe) private static var isInstalled = false

    /// Unacknowledged Ctrl-Cs at which the handler gives up and lets SIGINT end the process.
    static let forceQuitCount: sig_atomic_t = 3

    // MARK: - API

    /// Installs the SIGINT handler (once; later calls do nothing). Call it before the first prompt.
    public static func install() {
        guard !isInstalled else { return }
        isInstalled = true
        // Touch the globals the handler reads so their one-time initialisation never runs in it.
        _ = signalCountStorage.pointee
        _ = clearedCountStorage.pointee
        _ = forceQuitCount
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            ShellInterrupt.signalCountStorage.pointee &+= 1
            if ShellInterrupt.signalCountStorage.pointee &- ShellInterrupt.clearedCountStorage.pointee
                >= ShellInterrupt.forceQuitCount
            {
                signal(SIGINT, SIG_DFL)
                raise(SIGINT)
            }
        }
        sigemptyset(&action.sa_mask)
        // Restart interrupted reads/writes while a command runs; at the prompt libedit installs
        // its own handler (without SA_RESTART) and forwards the signal here.
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
    }

    /// True when Ctrl-C was pressed since the last ``clear()``.
    public static var requested: Bool { currentSignalCount() != clearedCountStorage.pointee }

    /// Acknowledges every Ctrl-C so far (call it when a command has stopped because of one).
    public static func clear() { clearedCountStorage.pointee = currentSignalCount() }

    // MARK: - Internal

    /// How many SIGINTs have arrived since `install()`; the line editor compares two readings.
    /// Not inlined, so a polling loop re-reads the memory each time.
    @inline(never)
    static func currentSignalCount() -> sig_atomic_t { signalCountStorage.pointee }
}
