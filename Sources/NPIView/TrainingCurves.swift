// A model's training curves as inline SVG: loss (log scale) and held-out and length-check
// accuracy, against epochs and against seconds, from the history `npi train` saves.
import Foundation
import NPICore

/// The viewer's "Training" section.
public enum TrainingCurves {
    /// The section for `history`; one that says so when the model has none.
    public static func section(for history: [TrainingHistoryPoint]) -> PageSection {
        PageSection(title: "Training", html: html(for: history))
    }

    static func html(for history: [TrainingHistoryPoint]) -> String {
        guard let last = history.last else {
            return "<p class=\"curves-none\">This model file holds no training history: it was trained before npi recorded one, or by another program.</p>"
        }
        let epochEnds = history.filter(\.isEpochEnd).count
        let checks = history.count - epochEnds
        let summary = "\(history.count) points (\(epochEnds) epoch ends, \(checks) held-out checks within an epoch) "
            + "over \(number(last.epochs)) epochs and \(number(last.seconds)) s of training; "
            + "last loss \(number(last.loss)), held-out \(last.heldOutCorrect)/\(last.heldOutTried)"
            + (last.lengthCheckCorrect.map { ", length check \($0)/\(last.lengthCheckCount ?? 0)" } ?? "")
        // Against epochs on the first row, against seconds on the second.
        let charts = [Axis.epochs, Axis.seconds].flatMap { axis in
            [lossChart(history, against: axis), accuracyChart(history, against: axis)]
        }
        return """
            <style>\(css)</style>
            <p class="curves-summary">\(ViewPage.escapeHTML(summary)). Filled dots: the end of an epoch; hollow: a check within one (20 problems unless those pass).</p>
            <div class="curves">\(charts.joined(separator: "\n"))</div>
            """
    }

    // MARK: - The charts

    /// What a chart's x axis measures.
    enum Axis {
        case epochs, seconds

        var title: String { self == .epochs ? "epochs" : "seconds of training" }

        func value(_ point: TrainingHistoryPoint) -> Double { self == .epochs ? point.epochs : point.seconds }
    }

    static func lossChart(_ history: [TrainingHistoryPoint], against axis: Axis) -> String {
        // A loss of 0 has no logarithm: draw it at the bottom of the scale.
        let positive = history.map(\.loss).filter { $0 > 0 }
        let low = floor(log10(positive.min() ?? 1)), high = max(ceil(log10(positive.max() ?? 10)), low + 1)
        let scale = Scale(low: low, high: high, ticks: stride(from: low, through: high, by: 1).map {
            ($0, "1e\(Int($0))")
        })
        let points = history.map { point in
            Plotted(x: axis.value(point), y: log10(max(point.loss, pow(10, low))), filled: point.isEpochEnd,
                    label: "loss \(number(point.loss)) at \(number(point.epochs)) epochs, \(number(point.seconds)) s")
        }
        return chart(
            title: "Loss per core step (log scale)", axis: axis, history: history, scale: scale,
            series: [Series(name: "loss", cssClass: "loss", points: points)])
    }

    static func accuracyChart(_ history: [TrainingHistoryPoint], against axis: Axis) -> String {
        let scale = Scale(low: 0, high: 100, ticks: stride(from: 0.0, through: 100, by: 25).map { ($0, "\(Int($0))%") })
        let heldOut = history.map { point in
            Plotted(x: axis.value(point), y: 100 * point.heldOutAccuracy, filled: point.isEpochEnd,
                    label: "held-out \(point.heldOutCorrect)/\(point.heldOutTried) at \(number(point.epochs)) epochs")
        }
        let lengthCheck = history.compactMap { point in
            point.lengthCheckAccuracy.map {
                Plotted(x: axis.value(point), y: 100 * $0, filled: true,
                        label: "length check \(point.lengthCheckCorrect ?? 0)/\(point.lengthCheckCount ?? 0) at \(number(point.epochs)) epochs")
            }
        }
        var series = [Series(name: "held-out", cssClass: "held-out", points: heldOut)]
        if !lengthCheck.isEmpty { series.append(Series(name: "length check", cssClass: "length-check", points: lengthCheck)) }
        return chart(title: "Accuracy", axis: axis, history: history, scale: scale, series: series)
    }

    // MARK: - Drawing

    /// A y scale: its range and labelled ticks, in the plotted unit.
    struct Scale {
        var low: Double
        var high: Double
        var ticks: [(value: Double, label: String)]
    }

    struct Plotted {
        var x: Double
        var y: Double
        /// An epoch's end (filled) or a check within one (hollow).
        var filled: Bool
        var label: String
    }

    struct Series {
        var name: String
        var cssClass: String
        var points: [Plotted]
    }

    static let width = 420.0, height = 230.0
    static let left = 52.0, right = 12.0, top = 26.0, bottom = 40.0

    static func chart(title: String, axis: Axis, history: [TrainingHistoryPoint], scale: Scale, series: [Series]) -> String {
        let xHigh = max(history.map(axis.value).max() ?? 1, 1e-9)
        let xTicks = niceTicks(upTo: xHigh)
        let xEnd = max(xHigh, xTicks.last ?? xHigh)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ x: Double) -> Double { left + plotWidth * x / xEnd }
        func py(_ y: Double) -> Double { top + plotHeight * (1 - (y - scale.low) / (scale.high - scale.low)) }
        var parts: [String] = []
        parts.append("<text class=\"chart-title\" x=\"\(left)\" y=\"16\">\(ViewPage.escapeHTML(title))</text>")
        for tick in scale.ticks {
            let y = format(py(tick.value))
            parts.append("<line class=\"grid\" x1=\"\(format(left))\" x2=\"\(format(width - right))\" y1=\"\(y)\" y2=\"\(y)\"/>")
            parts.append("<text class=\"tick\" x=\"\(format(left - 6))\" y=\"\(y)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(tick.label)</text>")
        }
        for tick in xTicks {
            let x = format(px(tick))
            parts.append("<line class=\"grid\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(format(top))\" y2=\"\(format(height - bottom))\"/>")
            parts.append("<text class=\"tick\" x=\"\(x)\" y=\"\(format(height - bottom + 14))\" text-anchor=\"middle\">\(number(tick))</text>")
        }
        parts.append("<text class=\"axis-title\" x=\"\(format(left + plotWidth / 2))\" y=\"\(format(height - 6))\" text-anchor=\"middle\">\(axis.title)</text>")
        for line in series {
            let path = line.points.map { "\(format(px($0.x))),\(format(py($0.y)))" }.joined(separator: " ")
            parts.append("<polyline class=\"series \(line.cssClass)\" points=\"\(path)\"/>")
            for point in line.points {
                let kind = point.filled ? "end" : "check"
                parts.append("<circle class=\"dot \(line.cssClass) \(kind)\" cx=\"\(format(px(point.x)))\" cy=\"\(format(py(point.y)))\" r=\"\(point.filled ? 3 : 2.5)\"><title>\(ViewPage.escapeHTML(point.label))</title></circle>")
            }
        }
        let legend = series.map { "<span class=\"key \($0.cssClass)\">\(ViewPage.escapeHTML($0.name))</span>" }.joined()
        return """
            <figure class="chart"><svg viewBox="0 0 \(format(width)) \(format(height))" role="img" aria-label="\(ViewPage.escapeHTML(title)) against \(axis.title)">\(parts.joined())</svg><figcaption>\(legend)</figcaption></figure>
            """
    }

    /// Round tick values from 0 to at least `high`: steps of 1, 2 or 5 times a power of ten,
    /// about five of them.
    static func niceTicks(upTo high: Double) -> [Double] {
        let rough = high / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let count = Int((high / step).rounded(.up))
        return (0...max(count, 1)).map { Double($0) * step }
    }

    /// A coordinate with two decimals at most.
    static func format(_ value: Double) -> String { String(format: "%.2f", value) }

    /// A measured number as a person writes it: `0.0123`, `4.37`, `120`.
    static func number(_ value: Double) -> String { String(format: "%.4g", value) }

    static let css = """
        .curves { display: grid; grid-template-columns: repeat(2, minmax(300px, 560px)); gap: 12px; }
        .curves-summary, .curves-none { color: var(--muted); margin: 4px 0 10px; }
        .chart { margin: 0; background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 6px; }
        .chart svg { width: 100%; height: auto; display: block; }
        .chart .grid { stroke: var(--line); stroke-width: 1; }
        .chart .tick, .chart .axis-title { font: 11px var(--sans); fill: var(--muted); }
        .chart .chart-title { font: 600 12px var(--sans); fill: var(--ink); }
        .chart .series { fill: none; stroke-width: 1.6; }
        .chart .series.length-check { stroke-dasharray: 5 3; }
        .chart .series.loss, .chart .dot.loss { stroke: var(--model); }
        .chart .series.held-out, .chart .dot.held-out { stroke: var(--teacher); }
        .chart .series.length-check, .chart .dot.length-check { stroke: var(--disagree); }
        .chart .dot { stroke-width: 1.4; }
        .chart .dot.end.loss { fill: var(--model); }
        .chart .dot.end.held-out { fill: var(--teacher); }
        .chart .dot.end.length-check { fill: var(--disagree); }
        .chart .dot.check { fill: var(--paper); }
        .chart figcaption { font-size: 12px; color: var(--muted); padding: 0 0 2px 46px; }
        .chart .key { margin-right: 14px; }
        .chart .key::before { content: ""; display: inline-block; width: 14px; height: 3px; margin-right: 5px; vertical-align: middle; }
        .chart .key.loss::before { background: var(--model); }
        .chart .key.held-out::before { background: var(--teacher); }
        .chart .key.length-check::before { background: var(--disagree); }
        """
}
