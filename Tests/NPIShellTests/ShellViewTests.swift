// The shell's `view`: the page for the session's problem says what `diff` says, replays forced
// steps, and keeps an existing file unless `--overwrite`, as `trace save` does.
import Foundation
import Testing

@testable import NPIShell

@Suite struct ShellViewTests {
    /// The JSON object a page embeds, decoded.
    static func pageData(_ path: String) throws -> [String: Any] {
        let html = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(html.range(of: #"<script type="application/json" id="npi-data">"#))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        return try #require(try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
    }

    @Test func thePageSaysWhatDiffSays() throws {
        let directory = try TemporaryDirectory()
        let page = directory.path + "/view.html"
        let shell = try CapturedShell()
        #expect(shell.run("load \(BreakpointTests.undertrained); env 9876 5678; diff") == 0, "\(shell.text)")
        let diffLines = Array(shell.lines.drop { !$0.hasPrefix("diverged at step") }.prefix(4))
        #expect(shell.run("view \(page)") == 0, "\(shell.text)")
        #expect(shell.lines == ["wrote \(page): 46 model steps beside 52 teacher steps; the model diverges at step 13"])
        let data = try Self.pageData(page)
        let divergence = try #require(data["divergence"] as? [String: Any])
        #expect(divergence["lines"] as? [String] == diffLines)
        #expect(divergence["step"] as? Int == 13 && data["leftTeacherAt"] as? Int == 13)
        // The session is where it was: 'view' ran its own executions.
        #expect(shell.run("expect step 12; why") == 0, "\(shell.text)")
    }

    @Test func thePageIsTheSameWithTheCallCacheOnOrOff() throws {
        let directory = try TemporaryDirectory()
        var pages: [String] = []
        for cache in ["on", "off"] {
            let shell = try CapturedShell()
            let page = directory.path + "/cache-\(cache).html"
            // The under-trained model diverges; the second view meets every call again.
            let script = "set cache \(cache); load \(BreakpointTests.undertrained); env 9876 5678; step 5; force; view \(page); view --overwrite \(page)"
            #expect(shell.run(script) == 0, "\(shell.text)")
            pages.append(try String(contentsOfFile: page, encoding: .utf8))
        }
        #expect(pages[0] == pages[1])
    }

    @Test func forcedStepsAreForcedOnThePage() throws {
        let directory = try TemporaryDirectory()
        let page = directory.path + "/forced.html"
        let shell = try CapturedShell()
        #expect(shell.run("load \(BreakpointTests.undertrained); env 128 256; diff; force; view \(page)") == 0, "\(shell.text)")
        let data = try Self.pageData(page)
        let steps = try #require((data["model"] as? [String: Any])?["steps"] as? [[String: Any]])
        #expect(steps[1]["f"] as? Bool == true)
        #expect(data["leftTeacherAt"] as? Int == 19)
    }

    @Test func anExistingFileIsKeptUnlessOverwrite() throws {
        let directory = try TemporaryDirectory()
        let page = directory.path + "/kept.html"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: page))
        let shell = try CapturedShell()
        #expect(shell.run("env 12 34; view \(page)") == 1)
        // A long path is shortened in the message, as 'trace save' shortens it.
        #expect(shell.text.contains("kept.html (\(page.count) chars) exists; 'view --overwrite "))
        #expect(try String(contentsOfFile: page, encoding: .utf8) == "mine")
        #expect(shell.run("view --overwrite \(page)") == 0, "\(shell.text)")
        #expect(try Self.pageData(page)["problem"] as? String == "12 + 34")
        #expect(shell.run("view \(page) --overwrite") == 1)
        #expect(shell.text.contains("expected 'view [--overwrite] [FILE]'"))
    }

    @Test func needsAModelAndAProblemAndNamesItsFileAfterThem() throws {
        let shell = try CapturedShell(loadModel: false)
        #expect(shell.run("view") == 1)
        #expect(shell.text.contains("no model loaded; use 'load PATH'"))
        #expect(shell.run("load") == 0 && shell.run("view") == 1)
        #expect(shell.text.contains("no problem set; use 'env 123 456'"))
        let session = shell.shell.session
        #expect(session.defaultViewFile(for: try session.task.parseProblem(["128", "0256"])) == "npi-view-addition-128-256.html")
        let long = String(repeating: "9", count: 1000)
        #expect(session.defaultViewFile(for: try session.task.parseProblem([long, long])) == "npi-view-addition-1000-digit-1000-digit.html")
        _ = try session.switchTask(to: "sort")
        #expect(session.defaultViewFile(for: try session.task.parseProblem(["5", "3", "9"])) == "npi-view-sort-5-3-9.html")
    }
}
