// Model files and trace files held in memory (as the fuzz campaign feeds them) load exactly as
// from disk, and their errors name the source given.
import Foundation
import NPICore
import Testing

@Suite struct InMemoryLoadingTests {
    let task = CountdownTask()

    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("npi-memory-\(UUID().uuidString)-\(name)").path
    }

    func countdown(_ name: String) throws -> any NPITask {
        guard name == "countdown" else { throw NPIError("unknown task '\(name)'") }
        return CountdownTask()
    }

    @Test func modelBytesLoadAsTheFileDoes() throws {
        var configuration = NPIModel.defaultConfiguration(for: task)
        configuration.coreSize = 4
        configuration.encoderSize = 3
        let path = temporaryPath("m.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.save(NPIModel(task: task, configuration: configuration, seed: 3), path: path)
        let bytes = try #require(FileManager.default.contents(atPath: path))

        let fromDisk = try ModelFile.load(path: path, tasks: countdown)
        let fromMemory = try ModelFile.load(bytes: bytes, source: "memory.safetensors", tasks: countdown)
        #expect(fromMemory.network.parameters.map(\.value) == fromDisk.network.parameters.map(\.value))
        #expect(fromMemory.summary == fromDisk.summary)

        let truncated = #expect(throws: (any Error).self) {
            try ModelFile.load(bytes: bytes.prefix(100), source: "memory.safetensors", tasks: countdown)
        }
        #expect("\(truncated!)".hasPrefix("memory.safetensors: "))
        let wrongTask = #expect(throws: NPIError.self) {
            try ModelFile.load(bytes: bytes, source: "memory.safetensors") { _ in throw NPIError("no such task") }
        }
        #expect(wrongTask?.message == "memory.safetensors: no such task")
    }

    @Test func traceLinesDecodeAsTheFileDoes() throws {
        let problem = Problem(["2"])
        let trace = try task.teacherTrace(for: problem)
        let line = try TraceRecord(task: task, problem: problem, steps: trace.steps, output: trace.output).jsonLine()
        let text = line + "\r\n\n" + line + "\n"
        let path = temporaryPath("t.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let fromMemory = try TraceRecord.decodeLines(Data(text.utf8), source: "memory.jsonl")
        #expect(fromMemory.count == 2)
        #expect(fromMemory == (try TraceRecord.readLines(path: path)))

        let error = #expect(throws: NPIError.self) {
            try TraceRecord.decodeLines(Data((line + "\n{\"task\": 3}\n").utf8), source: "memory.jsonl")
        }
        #expect(error?.message.hasPrefix("memory.jsonl:2: not a trace record") == true)
    }
}
