// Headless Chromium for the viewer's browser tests: the DOM after the page's script ran, what
// it logged to the console, and a screenshot; and the parts of a PNG file the tests look at.
import Foundation

/// Debian's `chromium`, run headless on a page.
enum Chromium {
    /// The browser on PATH (`chromium` or `chromium-browser`), or nil when none is installed.
    static let path: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }()

    /// The window size pages are opened in.
    static let windowSize = (width: 1400, height: 900)

    /// What the browser printed for a page: standard output (the DOM, for `--dump-dom`) and the
    /// console messages it logged (`--enable-logging=stderr`: lines with `:CONSOLE`).
    struct Run {
        var output: String
        var consoleMessages: [String]
    }

    /// Opens `file` headless (the script runs as in a browser window of `windowSize`) with
    /// `mode`, `--dump-dom` or `--screenshot=PATH`; fails after `timeout` seconds.
    static func open(_ file: String, _ mode: String, timeout: TimeInterval = 120) throws -> Run {
        let profile = try TemporaryFolder()  // its own profile: runs in parallel do not meet
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(profile.path)", "--window-size=\(windowSize.width),\(windowSize.height)",
            "--enable-logging=stderr", "--v=0", mode, URL(fileURLWithPath: file).absoluteString,
        ]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // A watchdog ends a browser that hangs; standard error is read on the side, so neither
        // pipe can fill up and stall it.
        let watched = Unchecked(process)
        let timedOut = Unchecked(false)
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            if watched.value.isRunning {
                timedOut.value = true
                watched.value.terminate()
            }
        }
        let errorBox = Unchecked(Data())
        let errorsRead = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorBox.value = errors.fileHandleForReading.readDataToEndOfFile()
            errorsRead.signal()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        errorsRead.wait()
        process.waitUntilExit()
        if timedOut.value { throw ChromiumError("chromium did not finish \(mode) within \(Int(timeout)) s") }
        let errorData = errorBox.value
        let console = String(decoding: errorData, as: UTF8.self).split(separator: "\n").map(String.init)
            .filter { $0.contains(":CONSOLE") }
        return Run(output: String(decoding: outputData, as: UTF8.self), consoleMessages: console)
    }
}

/// A value handed between threads that are ordered by other means (a semaphore, process exit).
final class Unchecked<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

struct ChromiumError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The chunks of a PNG file that tell whether a screenshot shows anything: its size (IHDR) and
/// how many bytes of compressed pixels it holds (IDAT). Deflate packs a uniform picture into
/// very few bytes, so the compressed size says how much is drawn without decoding a pixel.
struct PNGSummary {
    var width: Int
    var height: Int
    var pixelDataBytes: Int

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw ChromiumError("not a PNG file")
        }
        func integer(at offset: Int) -> Int {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        var offset = 8, width = 0, height = 0, pixels = 0
        while offset + 8 <= bytes.count {
            let length = integer(at: offset)
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            if type == "IHDR" {
                width = integer(at: offset + 8)
                height = integer(at: offset + 12)
            } else if type == "IDAT" {
                pixels += length
            }
            offset += 12 + length  // length, type, data, CRC
        }
        self.width = width
        self.height = height
        pixelDataBytes = pixels
    }
}
