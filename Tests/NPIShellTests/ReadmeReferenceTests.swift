import Foundation
import NPIShell
import Testing

/// The README's shell command reference is the command table, word for word.
///
/// After an intended change of the table, rewrite the README's copy with
/// `NPI_UPDATE_README=1 swift test --filter ReadmeReferenceTests` and review the diff.
@Suite struct ReadmeReferenceTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")

    @Test func readmeHasTheCommandTable() throws {
        var text = try String(contentsOf: ReadmeReferenceTests.readme, encoding: .utf8)
        let reference = Shell.commandReferenceMarkdown()
        if ProcessInfo.processInfo.environment["NPI_UPDATE_README"] != nil {
            let header = "| command | what it does |\n|---|---|\n| `load"
            let start = try #require(text.range(of: header), "the README has no shell command table")
            let end = text.range(of: "\n\n", range: start.lowerBound..<text.endIndex)?.lowerBound ?? text.endIndex
            text.replaceSubrange(start.lowerBound..<end, with: reference)
            try text.write(to: ReadmeReferenceTests.readme, atomically: true, encoding: .utf8)
        }
        #expect(text.contains(reference), "README.md must contain the command reference:\n\(reference)")
    }
}
