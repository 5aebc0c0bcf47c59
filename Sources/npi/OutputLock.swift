// One trainer per model file: an advisory lock on a file beside the output, so a second
// `npi train -o FILE` is refused at once instead of interleaving its saves with the first's.
import Foundation
import NPICore

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// An exclusive `flock` on `.NAME.lock` beside `path`, holding the owner's process id. The
/// kernel releases it when the process ends, however it ends, so a killed trainer never
/// leaves the file locked.
final class OutputLock {
    private let lockPath: String
    private var descriptor: Int32

    /// Takes the lock, or throws an error naming the process that holds it.
    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        lockPath = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".lock").path
        descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw NPIError("cannot create \(lockPath) to lock \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: lockPath, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            let who = Int32(holder).map { "another npi train (process \($0))" } ?? "another npi train"
            throw NPIError("\(path) is being written by \(who); wait for it to finish, or train into another file")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Removes the lock file and releases the lock (also done by the kernel at exit).
    func release() {
        guard descriptor >= 0 else { return }
        unlink(lockPath)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
