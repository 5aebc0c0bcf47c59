// Output paths a hostile tester gave: something that is not a regular file, which a write by
// rename would have silently replaced (a FIFO, a device, a link to one), and names holding
// escape sequences, which the success messages repeated raw.
import Foundation
import Testing

@Suite struct HostileOutputPathTests {
    /// What `lstat` says `path` is: its type bits.
    static func fileType(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    @Test func everyWritingCommandRefusesAFIFOADirectoryOrALinkToOneAndLeavesThemAsTheyWere() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let folder = directory.appendingPathComponent("folder").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let link = directory.appendingPathComponent("link").path
        #expect(symlink(fifo, link) == 0)
        let cases: [(path: String, kind: String)] = [(fifo, "a FIFO"), (folder, "a directory"), (link, "a FIFO")]
        for (path, kind) in cases {
            for arguments in [
                ["data", "1", "2", "-o", path],
                ["view", "1", "2", "--overwrite", "-o", path],
                ["train", "--overwrite", "--epochs", "1", "-o", path],
            ] {
                let result = try runNPI(arguments)
                #expect(result.status == 1, "\(arguments)")
                #expect(
                    result.standardError
                        == "Error: \(path): cannot write: it is \(kind), not a regular file (a write puts a new file in its place)\n",
                    "\(arguments)")
                #expect(result.standardOutput.isEmpty, "\(arguments): \(result.standardOutput)")
            }
        }
        // The shell's writers too: `trace save` and `view`, with --overwrite past the existence check.
        for (command, path) in [("trace save --overwrite", fifo), ("view --overwrite", link)] {
            let shell = try runNPI([], input: "env 1 2\nrun\n\(command) \(path)\n")
            #expect(
                shell.standardError
                    == "<stdin>:3: error: \(path): cannot write: it is a FIFO, not a regular file (a write puts a new file in its place)\n")
        }
        #expect(Self.fileType(fifo) == S_IFIFO)
        #expect(Self.fileType(folder) == S_IFDIR)
        #expect(Self.fileType(link) == S_IFLNK)
        // Nothing left beside them: no temporary file, no lock file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["fifo", "folder", "link"])
    }

    @Test func aLinkToARegularFileStaysALinkAndItsTargetIsReplaced() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("traces.jsonl").path
        try "old\n".write(toFile: target, atomically: false, encoding: .utf8)
        let link = directory.appendingPathComponent("latest.jsonl").path
        #expect(symlink("traces.jsonl", link) == 0)
        let result = try runNPI(["data", "12", "34", "-o", link])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(Self.fileType(link) == S_IFLNK)
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(written.hasPrefix("{") && written.contains("\"problem\":[\"12\",\"34\"]"))

        let dangling = directory.appendingPathComponent("dangling.jsonl").path
        #expect(symlink("missing.jsonl", dangling) == 0)
        let refused = try runNPI(["data", "12", "34", "-o", dangling])
        #expect(refused.status == 1)
        #expect(refused.standardError == "Error: \(dangling): cannot write: it is a symbolic link to a missing file\n")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("missing.jsonl").path))
    }

    @Test func successMessagesEscapeThePathTheyRepeat() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let name = "t\u{1B}]0;title\u{07}\r.out"
        let escaped = "t\\u{1B}]0;title\\u{07}\\r.out"
        let data = try runNPI(["data", "1", "2", "-o", name], in: directory)
        #expect(data.status == 0, "\(data.standardError)")
        #expect(data.standardError == "wrote 1 trace to \(escaped)\n")
        let view = try runNPI(["view", "1", "2", "--overwrite", "-o", name], in: directory)
        #expect(view.status == 0, "\(view.standardError)")
        #expect(view.standardError.hasPrefix("wrote \(escaped): "))
        let model = directory.appendingPathComponent("m\u{1B}[31m.safetensors")
        try FileManager.default.copyItem(at: HostileModelFileTests.shipped, to: model)
        let info = try runNPI(["info", "--model", model.lastPathComponent], in: directory)
        #expect(info.status == 0, "\(info.standardError)")
        #expect(info.standardOutput.hasPrefix("model       m\\u{1B}[31m.safetensors\n"))
        let shell = try runNPI([], in: directory, input: "load \(model.lastPathComponent)\n")
        #expect(shell.standardOutput.contains("loaded m\\u{1B}[31m.safetensors (addition)"), "\(shell.standardOutput)")
        for result in [data, view, info, shell] {
            #expect(!(result.standardOutput + result.standardError).unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\r" })
        }
    }
}
