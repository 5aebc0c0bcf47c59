import Foundation
import NPIShell
import Testing

@Suite struct ReadmeReferenceTests {
    /// The README's shell command reference is the command table, word for word.
    @Test func readmeHasTheCommandTable() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let reference = Shell.commandReferenceMarkdown()
        #expect(text.contains(reference), "README.md must contain the command reference:\n\(reference)")
    }
}
