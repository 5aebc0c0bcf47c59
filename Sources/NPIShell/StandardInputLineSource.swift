// Lines read plainly from standard input (pipes, CI, tests), one at a time as the shell asks
// for them, each of bounded length: neither endless input nor an endless line fills the memory.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines read plainly from standard input: no prompt, no escape codes (pipes, CI, tests).
///
/// Lines end with `\n` or `\r\n` and invalid UTF-8 is repaired, as `Swift.readLine` does; a
/// line longer than `lineLimit` bytes is read to its end without being kept, and reported as
/// ``LineEvent/tooLong(limit:)``.
public final class StandardInputLineSource: LineSource {
    /// The longest line kept, in bytes: as much as a whole script file may hold.
    public static let lineLimit = Shell.scriptSizeLimit

    /// Bytes read from standard input; those before `start` or from `end` on are spent.
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0
    private var reachedEnd = false

    public init() {}

    public var isInteractive: Bool { false }

    public func readLine(prompt: String) -> LineEvent {
        var line: [UInt8] = []
        var tooLong = false
        var sawBytes = false
        while start < end || fill() {
            sawBytes = true
            let newline = buffer[start..<end].firstIndex(of: UInt8(ascii: "\n"))
            // One byte over the limit may be the `\r` of a `\r\n`.
            if !tooLong {
                line += buffer[start..<(newline ?? end)]
                tooLong = line.count > Self.lineLimit + 1
                if tooLong { line = [] }
            }
            start = newline.map { $0 + 1 } ?? end
            if newline != nil {
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                break
            }
        }
        guard sawBytes else { return .endOfInput }
        guard !tooLong, line.count <= Self.lineLimit else { return .tooLong(limit: Self.lineLimit) }
        return .line(String(decoding: line, as: UTF8.self))
    }

    public func addHistory(_ line: String) {}

    /// Reads the next bytes into the buffer; false at the end of input (or on a read error).
    private func fill() -> Bool {
        guard !reachedEnd else { return false }
        var count: Int
        repeat {
            count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        } while count < 0 && errno == EINTR
        guard count > 0 else {
            reachedEnd = true
            return false
        }
        (start, end) = (0, count)
        return true
    }
}
