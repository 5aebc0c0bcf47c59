// The streaming form of AtomicFile.write: pieces reach a temporary file as they are written,
// which replaces the target only at the end; a failure leaves the old file and no trace.
import Foundation
import Testing
@testable import NPICore

@Suite struct AtomicFileWriterTests {
    struct Injected: Error {}

    /// A fresh folder holding `name` with `contents`, removed afterwards.
    func withFile(_ name: String, contents: Data, mode: mode_t = 0o644, _ body: (_ folder: String, _ path: String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("npi-atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/" + name
        #expect(FileManager.default.createFile(atPath: path, contents: contents))
        #expect(chmod(path, mode) == 0)
        try body(folder, path)
    }

    /// The sizes of the temporary files beside `name` in `folder`.
    func temporarySizes(in folder: String, of name: String) throws -> [Int] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".\(name).tmp-") }.map {
            try FileManager.default.attributesOfItem(atPath: folder + "/" + $0)[.size] as! Int
        }
    }

    @Test func piecesReachTheTemporaryFileAsTheyAreWrittenAndReplaceTheTargetAtTheEnd() throws {
        try withFile("traces.jsonl", contents: Data("old\n".utf8), mode: 0o600) { folder, path throws in
            let line = String(repeating: "x", count: 999) + "\n"
            try AtomicFile.write(to: path) { file in
                for _ in 0..<3000 { try file.write(line) }
                // 3 MB written: most of it is on disk, beside the untouched old file.
                #expect(try temporarySizes(in: folder, of: "traces.jsonl").allSatisfy { $0 >= 2 << 20 })
                #expect(try temporarySizes(in: folder, of: "traces.jsonl").count == 1)
                #expect(FileManager.default.contents(atPath: path) == Data("old\n".utf8))
                try file.write(Data("end\n".utf8))
            }
            #expect(FileManager.default.contents(atPath: path) == Data((String(repeating: line, count: 3000) + "end\n").utf8))
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["traces.jsonl"])
        }
    }

    @Test func aFailureMidwayKeepsTheOldFileAndRemovesTheTemporaryFile() throws {
        try withFile("traces.jsonl", contents: Data("old\n".utf8)) { folder, path throws in
            #expect(throws: Injected.self) {
                try AtomicFile.write(to: path) { file in
                    for _ in 0..<3000 { try file.write(String(repeating: "y", count: 1000)) }
                    throw Injected()
                }
            }
            #expect(FileManager.default.contents(atPath: path) == Data("old\n".utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["traces.jsonl"])
        }
    }
}
