// Model files a hostile tester made: what is not a regular file, out-of-range metadata, a bad
// task, text meant to garble the terminal, and silent corruption each get one line naming the file.
import Foundation
import Testing

@Suite struct HostileModelFileTests {
    @Test func aDeviceOrAFIFOIsRefusedInOneLine() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("fifo.safetensors").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, kind) in [("/dev/zero", "a character device"), (fifo, "a FIFO")] {
            let result = try runNPI(["info", "--model", path])
            #expect(result.status == 1)
            #expect(result.standardError == "Error: \(path): cannot read: it is \(kind), not a regular file\n")
        }
        let script = directory.appendingPathComponent("s.npis").path
        try "load /dev/urandom\n".write(toFile: script, atomically: true, encoding: .utf8)
        let shell = try runNPI([script])
        #expect(shell.status == 1)
        #expect(shell.standardError.contains("/dev/urandom: cannot read: it is a character device, not a regular file"))
        #expect(shell.standardError.split(separator: "\n").count == 1, "\(shell.standardError)")
    }

    @Test func benchRefusesABadModelBeforeItMeasuresAnything() throws {
        // It used to measure training for --seconds first and fail only then.
        let result = try runNPI(["bench", "--model", "/dev/zero", "--seconds", "30"])
        #expect(result.status == 1)
        #expect(result.standardError == "Error: /dev/zero: cannot read: it is a character device, not a regular file\n")
        #expect(result.standardOutput.isEmpty, "\(result.standardOutput)")
    }

    // MARK: - Edited copies of a shipped model

    static let shipped = TranscriptTests.root.appendingPathComponent("Samples/models/addition.safetensors")

    /// A copy of the shipped addition model in `directory` with `text` in its JSON header
    /// replaced by `replacement` (the header re-padded and its length rewritten).
    static func editedCopy(in directory: URL, replacing text: String, with replacement: String) throws -> String {
        let bytes = try Data(contentsOf: shipped)
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
        #expect(header.contains(text), "the shipped header has no \(text)")
        var edited = Array(header.replacingOccurrences(of: text, with: replacement).utf8)
        while edited.last == 0x20 { edited.removeLast() }
        edited += Array(repeating: 0x20, count: (8 - edited.count % 8) % 8)
        var file = Data()
        withUnsafeBytes(of: UInt64(edited.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: edited)
        file.append(bytes[(8 + length)...])
        let path = directory.appendingPathComponent("m.safetensors").path
        try file.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Out-of-range numbers are refused when the file is loaded: `train --resume` no longer
    /// traps on a negative epoch count, nor trains with a reversed gradient and saves the result
    /// over the model.
    @Test(arguments: [
        (#"\"epochs\":9"#, #"\"epochs\":-1"#, "training.epochs is -1; it must be an integer from 0 to 1000000"),
        (#"\"traceSteps\":230868"#, #"\"traceSteps\":9223372036854775807"#,
         "training.traceSteps is 9223372036854775807; it must be an integer from 0 to 1000000000000000"),
        (#"\"step\":4518"#, #"\"step\":9223372036854775807"#,
         "optimizer.step is 9223372036854775807; it must be an integer from 0 to 1000000000000000"),
        (#"\"clipNorm\":5"#, #"\"clipNorm\":-5"#, "optimizer.clipNorm is -5; it must be a number from 0.001 to 1000"),
        (#"\"learningRate\":0.003"#, #"\"learningRate\":9.2e18"#,
         "optimizer.learningRate is 9.2e+18; it must be a positive number at most 1"),
    ])
    func resumingAModelWithAnOutOfRangeNumberFailsAndKeepsTheFile(text: String, replacement: String, problem: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.editedCopy(in: directory, replacing: text, with: replacement)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = try runNPI(["train", "--task", "addition", "-o", path, "--resume", "--epochs", "1", "--count", "10"])
        #expect(result.status == 1)
        #expect(result.standardError == "Error: \(path): \(problem)\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aForgedLineOrEscapeSequenceFromTheFileNeverReachesTheTerminal() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let format = try Self.editedCopy(
            in: directory, replacing: #""format":"npi-model""#, with: #""format":"\r\nError: fake\u001b[2J""#)
        let info = try runNPI(["info", "--model", format])
        #expect(info.status == 1)
        #expect(info.standardError == #"Error: \#(format): not an npi model (format '\r\nError: fake\u{1B}[2J')"# + "\n")

        let command = try Self.editedCopy(
            in: directory, replacing: #"\"command\":\"npi train"#, with: #"\"command\":\"\\u001b]0;owned\\u0007\\u009b2J\\u202enpi train"#)
        let described = try runNPI(["info", "--model", command])
        #expect(described.status == 0, "\(described.standardError)")
        #expect(described.standardOutput.contains(#"command     \u{1B}]0;owned\u{07}\u{009B}2J\u{202E}npi train --task addition"#))
        for raw in ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}", "\r"] {
            #expect(!described.standardOutput.contains(raw))
        }
    }

    @Test func anEmptyTaskNameIsAnErrorAboutTheFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.editedCopy(in: directory, replacing: #""task":"addition""#, with: #""task":"""#)
        for command in ["info", "eval", "verify"] {
            let result = try runNPI([command, "--model", path])
            #expect(result.status == 1, "\(command)")
            #expect(result.standardError.hasPrefix("Error: \(path): unknown task '' (known: addition"), "\(command)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(command)")
        }
    }

    // MARK: - Checksum

    @Test func infoSaysWhetherTheChecksumWasVerifiedAndACorruptedFileIsRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The shipped models predate the checksum: they load, unchecked.
        let shipped = try runNPI(["info", "--model", Self.shipped.path])
        #expect(shipped.status == 0)
        #expect(shipped.standardOutput.contains("\nchecksum    none (not written by npi: unchecked)\n"))

        // A model npi trains carries one (a tiny network: a checksum in a debug build is slow).
        let path = directory.appendingPathComponent("trained.safetensors").path
        let trained = try runNPI([
            "train", "--task", "addition", "-o", path, "--count", "12", "--max-digits", "2", "--epochs", "1",
            "--held-out", "5", "--core-size", "24", "--encoder-size", "12", "--maxout-pieces", "2",
        ])
        #expect(trained.status == 0, "\(trained.standardError)")
        let sealed = try runNPI(["info", "--model", path])
        #expect(sealed.status == 0, "\(sealed.standardError)")
        #expect(sealed.standardOutput.contains("\nchecksum    sha256 ok\n"))

        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        for command in [["info"], ["eval", "--count", "1"]] {
            let corrupted = try runNPI(command + ["--model", path])
            #expect(corrupted.status == 1)
            #expect(corrupted.standardError
                == "Error: \(path): the tensor data or metadata do not match the file's checksum (the file is corrupted)\n")
        }
    }
}
