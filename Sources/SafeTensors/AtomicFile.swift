// Whole-file reads, and whole-file writes that a crash or error never leaves half-done
// (write a temporary file beside the target, fsync it, rename it over the target).
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that could not be read or written, with the system's reason.
public struct AtomicFileError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// The step that failed.
    public enum Operation: Sendable {
        case read
        /// Creating the temporary file beside the target.
        case createTemporary
        case write
        case sync
        /// Renaming the finished temporary file over the target.
        case replace
    }

    public let path: String
    public let operation: Operation
    /// The `strerror` text, e.g. "Permission denied", or what is wrong with the file.
    public let reason: String
    /// The system's `errno`; 0 when no system call failed (e.g. the path names a FIFO).
    public let errorNumber: Int32

    init(path: String, operation: Operation, errorNumber: Int32) {
        self.path = path
        self.operation = operation
        self.errorNumber = errorNumber
        self.reason = String(cString: strerror(errorNumber))
    }

    init(path: String, operation: Operation, reason: String) {
        self.path = path
        self.operation = operation
        self.errorNumber = 0
        self.reason = reason
    }

    public var description: String {
        switch operation {
        case .read: return "\(path): cannot read: \(reason)"
        case .createTemporary: return "\(path): cannot write (creating a temporary file in its directory): \(reason)"
        case .write: return "\(path): cannot write: \(reason)"
        case .sync: return "\(path): cannot write (fsync): \(reason)"
        case .replace: return "\(path): cannot replace it with the new file: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}

// MARK: - Streaming writes
//
// A file written piece by piece (`npi data`'s traces) and replaced atomically like
// `AtomicFile.write`, without holding its contents in memory. Kept apart from the whole-buffer
// code below, whose temporary-file helpers it reuses.

extension AtomicFile {
    /// Replaces (or creates) the file at `path` with what `body` writes to the writer it is
    /// given, atomically: the pieces go to a temporary file beside `path`, which replaces it
    /// only once `body` returns. If `body` or a write throws, the old file is left as it was
    /// and the temporary file is removed. An existing file's permission bits are kept.
    public static func write(to path: String, _ body: (Writer) throws -> Void) throws {
        let writer = try Writer(path: path)
        do {
            try body(writer)
            try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
    }

    /// The temporary file of `write(to:_:)`, written through a buffer.
    public final class Writer {
        /// The file it will replace.
        public let path: String
        private let directory: String
        private let temporaryPath: String
        private var descriptor: Int32?
        /// Pieces not yet written: one system call per megabyte, not per piece.
        private var buffer = Data()
        private let bufferLimit = 1 << 20

        fileprivate init(path requested: String) throws {
            let path = try AtomicFile.destination(of: requested)
            AtomicFile.removeStaleTemporaryFiles(for: path)
            let (directory, temporaryPath, descriptor) = try AtomicFile.createTemporaryFile(for: path)
            self.path = path
            self.directory = directory
            self.temporaryPath = temporaryPath
            self.descriptor = descriptor
            // Keep the old file's permissions, as `AtomicFile.write` does.
            var existing = stat()
            if stat(path, &existing) == 0, (existing.st_mode & S_IFMT) == S_IFREG {
                _ = fchmod(descriptor, existing.st_mode & 0o7777)
            }
        }

        /// Appends `data` to the new file.
        public func write(_ data: Data) throws {
            buffer.append(data)
            if buffer.count >= bufferLimit { try flush() }
        }

        /// Appends `text` to the new file, as UTF-8.
        public func write(_ text: String) throws { try write(Data(text.utf8)) }

        private func flush() throws {
            guard let descriptor else { return }
            try AtomicFile.writeAll(buffer, to: descriptor, path: path)
            buffer.removeAll(keepingCapacity: true)
        }

        /// Writes what is buffered, fsyncs, and renames the temporary file over `path`.
        fileprivate func commit() throws {
            try flush()
            guard let descriptor else { return }
            guard fsync(descriptor) == 0 else { throw AtomicFileError(path: path, operation: .sync, errorNumber: errno) }
            self.descriptor = nil
            guard close(descriptor) == 0 else { throw AtomicFileError(path: path, operation: .write, errorNumber: errno) }
            guard rename(temporaryPath, path) == 0 else {
                throw AtomicFileError(path: path, operation: .replace, errorNumber: errno)
            }
            AtomicFile.syncDirectory(directory)
        }

        /// Closes and removes the temporary file, leaving `path` as it was.
        fileprivate func discard() {
            if let descriptor { close(descriptor) }
            descriptor = nil
            unlink(temporaryPath)
        }
    }
}

/// Reads whole files, and writes them atomically: readers see the old contents or the new,
/// never a mix, and a failed write leaves the old file and no temporary file behind.
public enum AtomicFile {
    // MARK: - Writing

    /// Replaces (or creates) the file at `path` with `data`, atomically.
    ///
    /// The data goes to a temporary file in the same directory (so the rename stays on one
    /// file system), which is fsynced and renamed over `path`; the directory is then fsynced so
    /// the rename survives a crash. An existing file's permission bits are kept. A symbolic
    /// link is kept and the file it points to replaced; a path naming anything but a regular
    /// file (a directory, a device such as `/dev/null`, a FIFO) is refused, since renaming over
    /// it would remove it (see `destination(of:)`).
    public static func write(_ data: Data, to path: String) throws {
        try write(data, to: path, beforeReplacing: { _ in })
    }

    /// `write`, with a hook that runs on the finished temporary file just before the rename;
    /// tests throw from it to check that a failure leaves no trace.
    static func write(_ data: Data, to requested: String, beforeReplacing: (_ temporaryPath: String) throws -> Void) throws {
        let path = try destination(of: requested)
        removeStaleTemporaryFiles(for: path)
        let (directory, temporaryPath, descriptor) = try createTemporaryFile(for: path)
        var openDescriptor: Int32? = descriptor
        do {
            // Keep the old file's permissions; a new file gets the usual 0666 minus umask.
            var existing = stat()
            if stat(path, &existing) == 0, (existing.st_mode & S_IFMT) == S_IFREG {
                _ = fchmod(descriptor, existing.st_mode & 0o7777)
            }
            try writeAll(data, to: descriptor, path: path)
            guard fsync(descriptor) == 0 else { throw AtomicFileError(path: path, operation: .sync, errorNumber: errno) }
            openDescriptor = nil
            guard close(descriptor) == 0 else { throw AtomicFileError(path: path, operation: .write, errorNumber: errno) }
            try beforeReplacing(temporaryPath)
            guard rename(temporaryPath, path) == 0 else {
                throw AtomicFileError(path: path, operation: .replace, errorNumber: errno)
            }
        } catch {
            if let openDescriptor { close(openDescriptor) }
            unlink(temporaryPath)
            throw error
        }
        syncDirectory(directory)
    }

    /// The regular file a write to `path` replaces: `path` itself when nothing is there yet or
    /// it is a regular file, the file a symbolic link at `path` points to (so the link stays a
    /// link), and otherwise an `AtomicFileError` (operation `.write`): renaming a new file over
    /// a device, a FIFO or a socket would silently remove it (`-o /dev/null` run as root would
    /// replace the system's /dev/null), and a directory cannot be replaced.
    public static func destination(of path: String) throws -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return path }
            throw AtomicFileError(path: path, operation: .write, errorNumber: errno)
        }
        var target = path
        if (info.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                let reason = errno == ENOENT ? "it is a symbolic link to a missing file" : String(cString: strerror(errno))
                throw AtomicFileError(path: path, operation: .write, reason: reason)
            }
            target = String(cString: resolved)
            free(resolved)
            guard stat(target, &info) == 0 else { throw AtomicFileError(path: path, operation: .write, errorNumber: errno) }
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            throw AtomicFileError(
                path: path, operation: .write,
                reason: "it is \(RegularFileReader.describe(fileType: type)), not a regular file (a write puts a new file in its place)")
        }
        return target
    }

    /// Removes the temporary files of writes to `path` that a process killed mid-write left
    /// behind: `.NAME.tmp-PID-RANDOM` beside it whose process no longer exists. A live
    /// process's file (another writer, or a reused process id) is left alone.
    public static func removeStaleTemporaryFiles(for path: String) {
        let (directory, _, name) = split(path)
        let marker = "." + name + ".tmp-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(marker) {
            let rest = entry.dropFirst(marker.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0, pid != getpid() else {
                continue
            }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink((directory as NSString).appendingPathComponent(entry))
            }
        }
    }

    /// The directory of `path` (`.` for a bare name), the prefix to put before a sibling's name,
    /// and the file's name.
    private static func split(_ path: String) -> (directory: String, prefix: String, name: String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let prefix = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return (directory, prefix, name)
    }

    /// Creates an empty, exclusive temporary file next to `path`: `DIR/.NAME.tmp-PID-RANDOM`.
    private static func createTemporaryFile(for path: String) throws -> (directory: String, path: String, descriptor: Int32) {
        let (directory, prefix, name) = split(path)
        while true {
            // Only needs to be unique, not reproducible, so the system generator is fine here.
            let suffix = String(UInt32.random(in: .min ... .max), radix: 16)
            let temporaryPath = "\(prefix).\(name).tmp-\(getpid())-\(suffix)"
            let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor >= 0 { return (directory, temporaryPath, descriptor) }
            if errno == EEXIST || errno == EINTR { continue }
            throw AtomicFileError(path: path, operation: .createTemporary, errorNumber: errno)
        }
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var written = 0
            while written < bytes.count {
                let result = systemWrite(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw AtomicFileError(path: path, operation: .write, errorNumber: errno)
                }
                written += result
            }
        }
    }

    /// Best effort: makes the rename durable. Some file systems refuse fsync on directories.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    // MARK: - Reading

    /// The whole contents of the regular file at `path`, as long as it was when opened;
    /// errors name the path and the system's reason, or why the file is not one to read
    /// (a FIFO, a device, a directory: see `RegularFileReader`).
    public static func read(path: String) throws -> Data {
        let file = try RegularFileReader(path: path)
        return try file.read(count: file.size)
    }

    /// `read(path:)` for a file that must hold at most `limit` bytes: nil, with nothing read,
    /// when it holds more.
    public static func read(path: String, limit: Int) throws -> Data? {
        let file = try RegularFileReader(path: path)
        return file.size > limit ? nil : try file.read(count: file.size)
    }
}

// MARK: - System calls

// `AtomicFile.write` hides the C function of the same name inside the type.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, bytes, count)
    #elseif canImport(Musl)
    return Musl.write(descriptor, bytes, count)
    #else
    return Darwin.write(descriptor, bytes, count)
    #endif
}
