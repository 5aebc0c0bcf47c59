// The AVX2 forms of npi's kernels (the LSTM cell, the single-row dot products) and BLIS in place
// of npi's AVX-512 sgemm, as on a CPU without AVX-512: `NPI_NO_AVX512=1` selects them, and every
// trace and evaluation must come out the same, bit for bit.
import Foundation
import Testing

@Suite struct WithoutAVX512Tests {
    @Test func tracesAndEvaluationsAreTheSameWithoutAVX512() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples/models")
        func run(_ name: String, environment: [String: String]) throws -> (traces: String, evaluation: String) {
            let traces = (0..<3).map { directory.appendingPathComponent("\(name)-\($0).jsonl").path }
            let script = directory.appendingPathComponent("\(name).npis")
            try """
                load \(models.appendingPathComponent("addition.safetensors").path)
                env 98765 4321
                run
                trace save \(traces[0])
                set cache off
                env 5550000123 445
                run
                trace save \(traces[1])
                load \(models.appendingPathComponent("sort.safetensors").path)
                env 5 3 9 1 0 7 2
                run
                trace save \(traces[2])
                """.write(to: script, atomically: true, encoding: .utf8)
            let shell = try runNPI([script.path], environment: environment)
            #expect(shell.status == 0, "\(shell.standardError)")
            let eval = try runNPI(
                ["eval", "--model", models.appendingPathComponent("addition.safetensors").path, "--count", "40", "--json"],
                environment: environment)
            #expect(eval.status == 0, "\(eval.standardError)")
            return (try traces.map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(), eval.standardOutput)
        }
        let usual = try run("usual", environment: ["NPI_NO_AVX512": "0"])
        let without = try run("without", environment: ["NPI_NO_AVX512": "1"])
        #expect(usual.traces.split(separator: "\n").count == 3)
        #expect(!usual.evaluation.isEmpty)
        #expect(usual.traces == without.traces)
        #expect(usual.evaluation == without.evaluation)
    }
}
