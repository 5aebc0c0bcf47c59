// The page as text: self-contained, its data safe inside a script element whatever the strings
// hold, extra sections in place, probabilities in why's four decimals.
import Foundation
import NPICore
import NPINeural
import Testing

@testable import NPIView

@Suite struct ViewPageTests {
    @Test func dataCannotEndItsScriptElement() throws {
        let hostile = "</script><script>alert(1)</script><!-- & \u{2028}"
        let json = try JSONOutput.line(["path": hostile])
        let safe = ViewPage.scriptSafe(json)
        #expect(!safe.contains("<") && !safe.contains(">") && !safe.contains("&") && !safe.contains("\u{2028}"))
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(safe.utf8))
        #expect(decoded["path"] == hostile)
    }

    @Test func thePageIsSelfContainedAndEscapesWhatItIsGiven() throws {
        let compared = try comparison("addition-undertrained", ["128", "256"])
        let hostile = ExecutionComparison(
            task: compared.task, problem: compared.problem, modelPath: "/tmp/</script><b>x</b>/m.safetensors",
            returnThreshold: compared.returnThreshold, model: compared.model, teacher: compared.teacher,
            teacherDecisions: compared.teacherDecisions, teacherDecisionAtFailedStep: nil,
            leftTeacherAt: compared.leftTeacherAt, firstDivergence: compared.firstDivergence,
            agreedSteps: compared.agreedSteps, teacherForced: compared.teacherForced,
            teacherForcedSteps: compared.teacherForcedSteps)
        let training = PageSection(title: "Training <loss>", html: "<svg viewBox=\"0 0 10 10\"><path d=\"M0 10L10 0\"/></svg>")
        let html = try ViewPage.html(for: hostile, sections: [training])
        #expect(html.components(separatedBy: "</script>").count == 3, "two script elements, and no string ends one")
        #expect(!html.contains("<b>x</b>"))
        #expect(html.contains(#"content="\#(ViewPage.contentSecurityPolicy)""#))
        for remote in ["http:", "https:", "<link", " src=", "@import", "url("] {
            #expect(!html.contains(remote), "the page must load nothing: found \(remote)")
        }
        #expect(html.contains(#"<section class="extra" id="section-1">"#))
        #expect(html.contains("<h2>Training &lt;loss&gt;</h2>"))
        #expect(html.contains(##"<a href="#section-1">Training &lt;loss&gt;</a>"##))
        #expect(html.contains(training.html))
    }

    @Test func probabilitiesAreWhysFourDecimals() {
        var generator = SeededGenerator(seed: 5)
        var values = (0..<20_000).map { _ in Double(Float(generator.uniform(below: 1_000_000)) / 1_000_000) }
        values += [0, 1, 0.03125, 0.5, 0.00005, 0.99995, 0.12345, 0.2946, 0.37565]
        for value in values {
            let text = fixed4(value)
            #expect(scaled(value) == Int(text.replacingOccurrences(of: ".", with: "")), "\(value) is \(text)")
        }
    }
}
