import Foundation
import Testing

@Suite struct DataCommandTests {
    @Test func showsOneProblemStepByStep() throws {
        let result = try runNPI(["data", "123", "456", "--show"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("problem 123 456  expected 579"))
        #expect(result.standardOutput.contains("-> WRITE(1,9)"))
        #expect(result.standardOutput.contains("output 579"))
    }

    @Test func writesOneJSONLinePerProblem() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("traces.jsonl").path
        let result = try runNPI(["data", "--count", "7", "--max-digits", "4", "--seed", "3", "-o", path])
        #expect(result.status == 0)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 7)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["expected"] as? String == first?["output"] as? String)
        let again = try runNPI(["data", "--count", "7", "--max-digits", "4", "--seed", "3"])
        #expect(again.standardOutput == lines.map { $0 + "\n" }.joined())
    }

    @Test func badOperandsGetAOneLineErrorNamingTheValue() throws {
        let result = try runNPI(["data", "12x", "4"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("'12x'"))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }
}
