// The viewer's pages in a real browser: headless Chromium runs each page's script, and the tests
// read the DOM it leaves, the console messages it logged and a screenshot. Skipped, saying why,
// when no chromium is installed; CI (.ci/run) installs it.
import Foundation
import NPICore
import NPITasks
import Testing

@testable import NPIView

@Suite(.enabled(if: Chromium.path != nil, "no chromium on PATH: 'apt-get install chromium' to run the viewer's browser tests"))
struct BrowserTests {
    @Test func theAdditionPageShowsTheStepsTheDivergenceAndWhy() throws {
        let folder = try TemporaryFolder()
        // The model is read from a folder whose path holds `</script>`, which the page shows.
        let hostile = folder.path + "/</script><b>"
        try FileManager.default.createDirectory(atPath: hostile, withIntermediateDirectories: true)
        let modelPath = hostile + "/model.safetensors"
        try FileManager.default.copyItem(atPath: "\(samplesModels)/addition-undertrained.safetensors", toPath: modelPath)
        let model = try ModelFile.load(path: modelPath, tasks: TaskRegistry.named)
        let compared = try #require(
            try ExecutionComparison.record(model: model, problem: try model.task.parseProblem(["128", "256"]), modelPath: modelPath))
        let page = try write(compared, to: folder, as: "addition.html")
        let dom = try render(page)
        for row in 0...26 { #expect(dom.contains("data-row=\"\(row)\""), "row \(row) is drawn") }
        #expect(dom.range(of: #"<div class="row diverge selected"[^>]*data-row="2""#, options: .regularExpression) != nil)
        // (The DOM holds the script's text too: the checks look for drawn elements.)
        #expect(dom.contains(#">◆ diverges</span>"#))
        #expect(dom.components(separatedBy: #"<span class="tag disagree""#).count - 1 == 3, "diff --all's three disagreements")
        // The decision at step 2, as the shell's `why` prints it (README, "A session").
        #expect(dom.contains("Model's decision at step 2"))
        #expect(dom.contains("return    r=0.1210 &lt; α=0.5: goes on"))
        #expect(dom.contains("model     WRITE(1,3)  p=0.3722 (0.9909 × 0.9996 × 0.3757)"))
        #expect(dom.contains("lost      on argument 2: 4 0.2946 against 3 0.3757 (by 0.0811)"))
        // After step 2 the model's out row holds its 3, the teacher's a 4, both just written.
        #expect(dom.contains(#"<div class="c ptr changed" title="out column 4">3</div>"#))
        #expect(dom.contains(#"<div class="c ptr changed" title="out column 4">4</div>"#))
        #expect(dom.contains("&lt;/script&gt;&lt;b&gt;/model.safetensors"), "the path shows as text")
        try expectDrawn(page, in: folder)
    }

    @Test func theSortPageShowsItsPointersAndTheStepThatFailed() throws {
        let folder = try TemporaryFolder()
        // With α = 1 the sort model never returns: it diverges at step 5 and hits the depth limit.
        let page = try write(try comparison("sort", ["5", "3", "9", "1", "0"], alpha: 1), to: folder, as: "sort.html")
        let dom = try render(page)
        for row in 0...12 { #expect(dom.contains("data-row=\"\(row)\""), "row \(row) is drawn") }
        #expect(dom.range(of: #"<div class="row diverge selected"[^>]*data-row="5""#, options: .regularExpression) != nil)
        #expect(dom.contains(#">not carried out</span>"#))
        #expect(dom.contains("lost      on the return: the teacher returns, but r=1.0000 is below α=1.0 (by 0.0000)"))
        #expect(dom.components(separatedBy: #"class="lane on""#).count - 1 == 6, "ptr1-3 in each picture")
        try expectDrawn(page, in: folder)
    }

    @Test(arguments: [
        ("addition", ["9876", "5678"]), ("addition-recursive", ["99", "1"]), ("sort", ["2", "1", "0"]),
        ("sort-recursive", ["3", "1", "2"]),
    ])
    func everyTasksPageRuns(_ name: String, _ words: [String]) throws {
        let folder = try TemporaryFolder()
        let dom = try render(try write(try comparison(name, words), to: folder, as: "\(name).html"))
        #expect(dom.contains("no divergence: the model follows the teacher"))
        #expect(dom.contains("data-row=\"1\"") && dom.contains(#"class="grid""#))
    }

    @Test func theTrainingPageDrawsItsCurves() throws {
        let folder = try TemporaryFolder()
        let page = folder.path + "/training.html", bare = folder.path + "/bare.html"
        let curves = TrainingCurves.section(for: TrainingCurvesTests.history)
        try ViewPage.html(title: "training of addition", subtitle: "m.safetensors", sections: [curves])
            .write(toFile: page, atomically: true, encoding: .utf8)
        try ViewPage.html(title: "training of addition", subtitle: "m.safetensors", sections: [])
            .write(toFile: bare, atomically: true, encoding: .utf8)
        let run = try Chromium.open(page, "--dump-dom")
        #expect(run.consoleMessages.isEmpty, "console: \(run.consoleMessages)")
        #expect(TrainingCurvesTests.count("<polyline", in: run.output) == 6)
        let drawn = try screenshot(page, to: folder.path + "/training.png")
        let empty = try screenshot(bare, to: folder.path + "/bare.png")
        #expect(drawn.pixelDataBytes > 4 * empty.pixelDataBytes, "drawn \(drawn.pixelDataBytes) B, bare \(empty.pixelDataBytes) B")
    }

    // MARK: - Helpers

    /// Writes the page for `compared` into `folder`; returns its path.
    private func write(_ compared: ExecutionComparison, to folder: TemporaryFolder, as name: String) throws -> String {
        let path = folder.path + "/" + name
        try ViewPage.html(for: compared).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The DOM after the page's script ran, once it is known to have run without an error
    /// (its own marker) and without a console message (an exception, a blocked request).
    private func render(_ page: String) throws -> String {
        let run = try Chromium.open(page, "--dump-dom")
        let ready = run.output.contains(#"<body data-status="ready""#)
        let reported = run.output.contains(#"id="npi-error""#)
        #expect(ready, "the script ran to its end")
        #expect(!reported, "the page reported an error")
        #expect(run.consoleMessages.isEmpty, "console: \(run.consoleMessages)")
        return run.output
    }

    /// The screenshot is the size of the window and holds much more than the page drawn
    /// without its script (the static frame: header, empty panels): at least 4 times the
    /// compressed pixel data. (A blank page's is about 6 KB, the frame's about 13 KB, a drawn
    /// page's 150-200 KB.)
    private func expectDrawn(_ page: String, in folder: TemporaryFolder) throws {
        let drawn = try screenshot(page, to: folder.path + "/drawn.png")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let frame = folder.path + "/frame.html"
        try html.replacingOccurrences(of: "<script>", with: #"<script type="text/plain">"#)
            .write(toFile: frame, atomically: true, encoding: .utf8)
        let empty = try screenshot(frame, to: folder.path + "/frame.png")
        #expect(drawn.width == Chromium.windowSize.width && drawn.height == Chromium.windowSize.height)
        #expect(drawn.pixelDataBytes > 4 * empty.pixelDataBytes, "drawn \(drawn.pixelDataBytes) B, frame \(empty.pixelDataBytes) B")
    }

    private func screenshot(_ page: String, to path: String) throws -> PNGSummary {
        let run = try Chromium.open(page, "--screenshot=\(path)")
        #expect(run.consoleMessages.isEmpty, "console: \(run.consoleMessages)")
        return try PNGSummary(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
