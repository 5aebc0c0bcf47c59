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
}
