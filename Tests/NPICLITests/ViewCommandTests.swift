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

    @Test func aTrainedModelsPagesShowItsTrainingCurves() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("m.safetensors").path
        let trained = try runNPI([
            "train", "-o", model, "--count", "12", "--max-digits", "2", "--epochs", "2", "--held-out", "5",
            "--core-size", "24", "--encoder-size", "12", "--maxout-pieces", "2",
        ])
        #expect(trained.status == 0, "\(trained.standardError)")
        let curves = directory.appendingPathComponent("curves.html").path
        let result = try runNPI(["view", "--model", model, "--training", "-o", curves])
        #expect(result.status == 0)
        #expect(result.standardError.hasPrefix("wrote \(curves): the training curves of \(model) ("))
        let html = try String(contentsOfFile: curves, encoding: .utf8)
        #expect(html.contains("<h2>Training</h2>") && html.contains(#"<polyline class="series loss""#))
        #expect(!html.contains("<script"), "a page of curves alone needs no script")
        let problem = directory.appendingPathComponent("problem.html").path
        #expect(try runNPI(["view", "--model", model, "1", "2", "-o", problem]).status == 0)
        #expect(try String(contentsOfFile: problem, encoding: .utf8).contains("<h2>Training</h2>"))
        let shipped = directory.appendingPathComponent("shipped.html").path
        #expect(try runNPI(["view", "--model", Self.undertrained, "--training", "-o", shipped]).status == 0)
        #expect(try String(contentsOfFile: shipped, encoding: .utf8).contains("holds no training history"))
        let neither = try runNPI(["view", "--model", model, "-o", problem + "2"])
        #expect(neither.status == 64)
        #expect(neither.standardError.hasPrefix("Error: give a problem (e.g. 128 256), or --training for the training curves alone\n"))
    }
}
