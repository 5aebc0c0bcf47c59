// `npi view`: the page for one problem, with the other subcommands' model and task options, and
// an existing file kept unless --overwrite.
import Foundation
import Testing

@Suite struct ViewCommandTests {
    static let undertrained = TranscriptTests.root.appendingPathComponent("Samples/models/addition-undertrained.safetensors").path

    /// The JSON object a page embeds, decoded.
    static func pageData(_ path: String) throws -> [String: Any] {
        let html = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(html.range(of: #"<script type="application/json" id="npi-data">"#))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = Data(html[start.upperBound..<end.lowerBound].utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func writesThePageAndKeepsAnExistingFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("view.html").path
        let result = try runNPI(["view", "--model", Self.undertrained, "128", "256", "-o", page])
        #expect(result.status == 0)
        #expect(result.standardError == "wrote \(page): 20 model steps beside 26 teacher steps; the model diverges at step 2\n")
        let data = try Self.pageData(page)
        #expect(data["task"] as? String == "addition" && data["modelPath"] as? String == Self.undertrained)
        #expect((data["divergence"] as? [String: Any])?["step"] as? Int == 2)

        let again = try runNPI(["view", "--model", Self.undertrained, "1", "2", "-o", page])
        #expect(again.status == 64)
        #expect(again.standardError.hasPrefix("Error: \(page) exists; use --overwrite to replace it\n"))
        #expect((try Self.pageData(page))["problem"] as? String == "128 + 256", "the file is kept")
        let replaced = try runNPI(["view", "--model", Self.undertrained, "1", "2", "-o", page, "--overwrite"])
        #expect(replaced.status == 0)
        #expect((try Self.pageData(page))["problem"] as? String == "1 + 2")
    }

    @Test func takesTheShippedModelOfTheTaskAsEvalDoes() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("sort.html").path
        let result = try runNPI(["view", "--task", "sort", "5", "3", "9", "-o", page])
        #expect(result.status == 0)
        #expect(result.standardError.hasSuffix("; no divergence\n"))
        let data = try Self.pageData(page)
        #expect(data["task"] as? String == "sort")
        #expect((data["modelPath"] as? String)?.hasSuffix("Samples/models/sort.safetensors") == true)

        let missing = try runNPI(["view", "--model", "no-such.safetensors", "1", "2", "-o", page + "2"], in: directory)
        let eval = try runNPI(["eval", "--model", "no-such.safetensors"], in: directory)
        #expect(missing.status == 1 && missing.standardError == eval.standardError, "the same error as eval's")
        let bad = try runNPI(["view", "12", "x4", "-o", page + "3"])
        #expect(bad.status == 1 && bad.standardError.hasPrefix("Error: "))
        #expect(!FileManager.default.fileExists(atPath: page + "2") && !FileManager.default.fileExists(atPath: page + "3"))
    }

    @Test func theShellsViewWritesItsDefaultFileInTheWorkingDirectory() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try runNPI([], in: directory, input: "env 128 256\nview\nview\n")
        #expect(result.status == 1, "the second view refuses to replace the first's file")
        #expect(result.standardOutput.contains("wrote npi-view-addition-128-256.html: 26 model steps beside 26 teacher steps; no divergence"))
        #expect(result.standardError.contains("npi-view-addition-128-256.html exists; 'view --overwrite npi-view-addition-128-256.html' replaces it"))
        let data = try Self.pageData(directory.appendingPathComponent("npi-view-addition-128-256.html").path)
        #expect(data["problem"] as? String == "128 + 256")
    }
}
