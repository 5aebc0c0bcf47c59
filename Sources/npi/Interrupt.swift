// Ctrl-C during long work: the first press asks the work to stop at a safe point (after
// saving); a second press ends the process at once.
import Foundation

enum Interrupt {
    nonisolated(unsafe) private static var requests: Int32 = 0

    /// Starts counting Ctrl-C presses instead of dying on the first. SIGINT is unblocked too: a
    /// parent that started npi with it blocked (some process runners do) would otherwise keep
    /// Ctrl-C and `kill -INT` from ever reaching it.
    static func install() {
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
        signal(SIGINT) { _ in
            Interrupt.requests += 1
            if Interrupt.requests >= 2 { signal(SIGINT, SIG_DFL); raise(SIGINT) }
        }
    }

    /// True once Ctrl-C has been pressed.
    static var requested: Bool { requests > 0 }
}
