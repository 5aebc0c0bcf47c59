// Reading a file in pieces whose sizes the caller checks first, so a hostile path (a FIFO, a
// device such as /dev/zero, a directory) or a huge length field never makes us read or
// allocate without limit.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open regular file, read front to back in pieces of a size the caller decides, never past
/// the size the file had when it was opened.
final class RegularFileReader {
    /// The path as given, named in errors.
    let path: String
    /// The file's size in bytes when it was opened: the most that will be read.
    let size: Int
    /// Bytes read so far.
    private(set) var offset = 0
    private let descriptor: Int32

    /// Opens `path`; anything but a regular file is refused before a byte is read.
    ///
    /// Throws `AtomicFileError` (operation `.read`): the system's reason when the file cannot be
    /// opened, or e.g. `/dev/zero: cannot read: it is a character device, not a regular file`.
    init(path: String) throws {
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        // It has no effect on reading a regular file.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw AtomicFileError(path: path, operation: .read, errorNumber: errno) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let error = AtomicFileError(path: path, operation: .read, errorNumber: errno)
            close(descriptor)
            throw error
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(descriptor)
            throw AtomicFileError(
                path: path, operation: .read, reason: "it is \(Self.describe(fileType: type)), not a regular file")
        }
        self.path = path
        self.descriptor = descriptor
        self.size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Bytes the file had at opening that are not read yet.
    var remaining: Int { size - offset }

    /// The next `count` bytes, which must be at most `remaining`.
    ///
    /// Throws `AtomicFileError` when the system refuses or the file ends sooner than its size
    /// said (it was cut short while we read it).
    func read(count: Int) throws -> Data {
        precondition(count >= 0 && count <= remaining, "read(count: \(count)) past the \(remaining) bytes left")
        var data = Data(count: count)
        var length = 0
        while length < count {
            let result = data.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + length, count - length)
            }
            if result == 0 {
                throw AtomicFileError(
                    path: path, operation: .read,
                    reason: "the file ended after \(offset + length) of its \(size) bytes (it changed while being read)")
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw AtomicFileError(path: path, operation: .read, errorNumber: errno)
            }
            length += result
        }
        offset += count
        return data
    }

    /// "a directory", "a FIFO", ...: what `st_mode`'s type bits name, for the error message.
    static func describe(fileType type: mode_t) -> String {
        switch type {
        case S_IFDIR: return "a directory"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}

// `RegularFileReader.read` hides the C function of the same name inside the type.
private func systemRead(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(descriptor, bytes, count)
    #elseif canImport(Musl)
    return Musl.read(descriptor, bytes, count)
    #else
    return Darwin.read(descriptor, bytes, count)
    #endif
}
