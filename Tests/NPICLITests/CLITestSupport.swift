// Runs the built `npi` executable and captures what it prints.
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

struct CommandResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// The `npi` binary built beside the test bundle.
func npiExecutable() -> URL {
    var directory = Bundle.main.bundleURL
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("npi")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL.appendingPathComponent("npi")
}

/// Runs `npi` with `arguments` and waits for it.
func runNPI(
    _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil
) throws -> CommandResult {
    let process = Process()
    if let directory { process.currentDirectoryURL = directory }
    process.executableURL = npiExecutable()
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    merged.merge(environment) { $1 }
    process.environment = merged
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus,
        standardOutput: String(decoding: outData, as: UTF8.self),
        standardError: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("npi-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

// MARK: - On a terminal

/// Runs `npi` with standard input, output and error on a new pseudo-terminal, as when a person
/// starts it at a terminal, without typing anything. What it prints is `standardOutput` (with the
/// terminal's `\r\n` as `\n`); a program still running after `timeout` seconds is terminated.
/// `unsetting` names variables of this process's environment the child must not see.
func runNPIOnTerminal(
    _ arguments: [String], environment: [String: String] = [:], unsetting: [String] = [],
    in directory: URL? = nil, timeout: Double = 20
) throws -> CommandResult {
    var master: Int32 = -1, slave: Int32 = -1
    guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    defer { close(master) }
    let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
    let process = Process()
    if let directory { process.currentDirectoryURL = directory }
    process.executableURL = npiExecutable()
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    for name in unsetting { merged[name] = nil }
    merged.merge(environment) { $1 }
    process.environment = merged
    process.standardInput = terminal
    process.standardOutput = terminal
    process.standardError = terminal
    try process.run()
    try terminal.close()  // the child's copies remain; reading ends when it closes them
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    let deadline = Date().addingTimeInterval(timeout)
    while deadline.timeIntervalSinceNow > 0 {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 50)
        if ready < 0 && errno == EINTR { continue }
        if ready == 0 { continue }
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else { break }  // EIO: every copy of the terminal's other side is closed
        output += buffer[..<count]
    }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    let text = String(decoding: output, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    return CommandResult(status: process.terminationStatus, standardOutput: text, standardError: "")
}
