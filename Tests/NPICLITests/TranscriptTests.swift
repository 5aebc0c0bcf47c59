import Foundation
import Testing

/// Runs every `Samples/*.npis` script with the built `npi` and compares what it prints
/// (standard output and error, interleaved) with the checked-in `Samples/NAME.transcript`.
///
/// After an intended change of output, regenerate the transcripts with
/// `NPI_UPDATE_TRANSCRIPTS=1 swift test --filter TranscriptTests` and review the diff.
@Suite struct TranscriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var scripts: [String] {
        let samples = root.appendingPathComponent("Samples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? []
        return names.filter { $0.hasSuffix(".npis") }.sorted()
    }

    @Test func thereAreSampleScripts() {
        #expect(TranscriptTests.scripts.contains("tour.npis"))
        #expect(TranscriptTests.scripts.contains("divergence.npis"))
    }

    @Test(arguments: TranscriptTests.scripts)
    func scriptMatchesItsTranscript(_ script: String) throws {
        let process = Process()
        process.executableURL = npiExecutable()
        process.arguments = ["Samples/\(script)"]
        process.currentDirectoryURL = TranscriptTests.root
        var environment = ProcessInfo.processInfo.environment
        environment["NPI_MODELS"] = nil
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(script) failed:\n\(output)")

        let transcript = TranscriptTests.root.appendingPathComponent(
            "Samples/" + script.replacingOccurrences(of: ".npis", with: ".transcript"))
        if ProcessInfo.processInfo.environment["NPI_UPDATE_TRANSCRIPTS"] != nil {
            try output.write(to: transcript, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: transcript, encoding: .utf8)
        let actualLines = output.components(separatedBy: "\n")
        let expectedLines = expected.components(separatedBy: "\n")
        let firstDifference = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(
            output == expected,
            "\(script) differs from its transcript at line \((firstDifference?.offset ?? min(actualLines.count, expectedLines.count)) + 1): got '\(firstDifference?.element.0 ?? "<end>")', expected '\(firstDifference?.element.1 ?? "<end>")'"
        )
    }
}
