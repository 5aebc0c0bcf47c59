// Runs the built `npi` executable and captures what it prints.
import Foundation
import NPITestSupport

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

/// Runs `npi` with `arguments` (and `input` on its standard input) and waits for it.
func runNPI(
    _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil, input: String? = nil
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
    let inputPipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
    try process.run()
    if let input {
        inputPipe.fileHandleForWriting.write(Data(input.utf8))
        try inputPipe.fileHandleForWriting.close()
    }
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

/// Runs `npi` on a new pseudo-terminal, as when a person starts it at a terminal, without typing
/// anything. What it prints is `standardOutput` (escape sequences kept, the terminal's `\r\n`
/// as `\n`); `environment` is added to this process's, without the variables in `unsetting`.
/// A program still running after `timeout` seconds is killed (status -1).
func runNPIOnTerminal(
    _ arguments: [String], environment: [String: String] = [:], unsetting: [String] = [],
    timeout: Double = 20
) throws -> CommandResult {
    var merged = ProcessInfo.processInfo.environment
    for name in unsetting { merged[name] = nil }
    merged.merge(environment) { $1 }
    let terminal = try PseudoTerminal(executable: npiExecutable().path, arguments: arguments, environment: merged)
    let status = terminal.waitForExit(timeout: timeout) ?? -1
    let text = String(decoding: terminal.output, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    return CommandResult(status: status, standardOutput: text, standardError: "")
}
