// The training curves: one series per measure, one dot per point, drawn against epochs and
// seconds; a model without a history says so.
import Foundation
import NPICore
import Testing

@testable import NPIView

@Suite struct TrainingCurvesTests {
    static let history = [
        TrainingHistoryPoint(
            epochs: 0.5, seconds: 1.5, loss: 2.25, stepsPerSecond: 900, heldOutCorrect: 3, heldOutTried: 20,
            isEpochEnd: false),
        TrainingHistoryPoint(
            epochs: 1, seconds: 3, loss: 0.5, stepsPerSecond: 950, heldOutCorrect: 150, heldOutTried: 200,
            isEpochEnd: true),
        TrainingHistoryPoint(
            epochs: 2, seconds: 6.5, loss: 0, stepsPerSecond: 1000, heldOutCorrect: 200, heldOutTried: 200,
            lengthCheckCorrect: 19, lengthCheckCount: 20, isEpochEnd: true),
    ]

    static func count(_ text: String, in html: String) -> Int { html.components(separatedBy: text).count - 1 }

    @Test func everyPointIsADotOfEachOfItsMeasuresOnBothAxes() {
        let html = TrainingCurves.section(for: Self.history).html
        #expect(Self.count("<svg ", in: html) == 4, "loss and accuracy, against epochs and against seconds")
        #expect(Self.count(#"<polyline class="series loss""#, in: html) == 2)
        #expect(Self.count(#"<polyline class="series held-out""#, in: html) == 2)
        #expect(Self.count(#"<polyline class="series length-check""#, in: html) == 2)
        #expect(Self.count(#"<circle class="dot loss end""#, in: html) == 4)
        #expect(Self.count(#"<circle class="dot held-out check""#, in: html) == 2)
        #expect(Self.count(#"<circle class="dot length-check end""#, in: html) == 2)
        #expect(html.contains("<title>held-out 3/20 at 0.5 epochs</title>"))
        #expect(html.contains("<title>length check 19/20 at 2 epochs</title>"))
        #expect(html.contains("3 points (2 epoch ends, 1 held-out checks within an epoch) over 2 epochs and 6.5 s"))
        #expect(html.range(of: #"\b(nan|inf)\b"#, options: [.regularExpression, .caseInsensitive]) == nil,
                "a loss of 0 is drawn at the scale's bottom")
    }

    @Test func aModelWithoutAHistorySaysSo() {
        let html = TrainingCurves.section(for: []).html
        #expect(html.contains("holds no training history"))
        #expect(!html.contains("<svg"))
    }

    @Test func axisTicksAreRoundNumbersCoveringTheData() {
        #expect(TrainingCurves.niceTicks(upTo: 9) == [0, 2, 4, 6, 8, 10])
        #expect(TrainingCurves.niceTicks(upTo: 75.06) == [0, 20, 40, 60, 80])
        #expect(TrainingCurves.niceTicks(upTo: 0.3) == [0, 0.1, 0.2, 0.30000000000000004])
    }
}
