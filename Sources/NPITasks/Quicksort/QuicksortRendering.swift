// Pictures of the quicksort row: text windowed as the sort row's is, with the top range marked
// under the cells and the stack of ranges listed, and the grid of cells the HTML viewer draws.
import NPICore

extension QuicksortEnvironment {
    /// Positions shown by `render(color:)` before the picture is cut to a window around the pointers.
    public static let defaultRenderColumns = 40
    /// Ranges the `stack` line lists before it cuts the rest to a count.
    public static let listedRanges = 6

    /// The row, a line per pointer with a `^` under its cell, the top range (`[= = =]` under
    /// its cells) and the stack of ranges, top first; with `color` the cells under i and j are
    /// also shown in reverse video and the pivot (hi) underlined.
    public func render(color: Bool) -> String {
        render(color: color, maxColumns: QuicksortEnvironment.defaultRenderColumns)
    }

    /// The picture, showing at most `maxColumns` positions around the pointers.
    ///
    /// Position `length`, just past the end, has no digit but can hold a pointer. A cut side of
    /// the row shows `…`. A pointer outside the window is reported at the end of its line
    /// (`← i at position 3`), which only happens when i and j are more than `maxColumns` apart.
    public func render(color: Bool, maxColumns: Int) -> String {
        precondition(maxColumns >= 1, "a picture shows at least one column")
        let window = visiblePositions(maxColumns: maxColumns)
        let reversed = color ? Set(QuicksortPointer.allCases.map(position)) : []
        let underlined = color ? topRange.map { [$0.high] } ?? [] : []
        let digits = digits
        var row = "row    " + (window.lowerBound > 0 ? "…" : " ")
        row += window.filter { $0 < length }.map { position in
            var digit = String(digits[position])
            if underlined.contains(position) { digit = "\u{1B}[4m\(digit)\u{1B}[0m" }
            return reversed.contains(position) ? "\u{1B}[7m\(digit)\u{1B}[0m" : digit
        }.joined(separator: " ")
        row += window.upperBound < length + 1 ? " …" : ""
        let pointerLines = QuicksortPointer.allCases.map { pointer in
            var line = pointer.label.padding(toLength: 8, withPad: " ", startingAt: 0)
            line += window.map { $0 == position(pointer) ? "^" : " " }.joined(separator: " ")
            let pointed = position(pointer)
            if pointed < window.lowerBound {
                line = line.trimmedAtEnd + "  ← \(pointer.label) at position \(pointed)"
            } else if pointed >= window.upperBound {
                line = line.trimmedAtEnd + "  \(pointer.label) at position \(pointed) →"
            }
            return line.trimmedAtEnd
        }
        return ([row] + pointerLines + [rangeLine(window), stackLine]).joined(separator: "\n")
    }

    // MARK: - Layout

    /// `range  [= = =]`: an `=` under each cell of the top range, between brackets in the
    /// spaces either side of it; a bracket outside the window is left out. An empty range is
    /// written as `(lo,hi) empty`, and an empty stack as nothing to sort.
    private func rangeLine(_ window: Range<Int>) -> String {
        guard let top = topRange else { return "range  none: the stack is empty" }
        guard top.count > 0 else { return "range  \(top) empty" }
        // Two characters per position: the space (or bracket) before it and its cell.
        var characters = [Character](repeating: " ", count: 2 * window.count + 1)
        for position in window where top.contains(position) { characters[2 * (position - window.lowerBound) + 1] = "=" }
        if window.contains(top.low) { characters[2 * (top.low - window.lowerBound)] = "[" }
        if window.contains(top.high) { characters[2 * (top.high - window.lowerBound) + 2] = "]" }
        return ("range  " + String(characters)).trimmedAtEnd
    }

    /// `stack  (0,3) (5,9)`: the ranges still to sort, top first, the first
    /// `listedRanges` of a longer stack followed by how many more there are.
    private var stackLine: String {
        let all = ranges
        guard !all.isEmpty else { return "stack  empty" }
        let listed = all.prefix(QuicksortEnvironment.listedRanges).map(\.description).joined(separator: " ")
        let more = all.count - QuicksortEnvironment.listedRanges
        return "stack  " + listed + (more > 0 ? " … \(more) more (\(all.count) ranges)" : "")
    }

    /// The positions to show (`length` is the one past the end): all if they fit, else a window
    /// containing i, j and the top range's ends (centred on them), or centred on i and j when
    /// the range is too wide.
    func visiblePositions(maxColumns: Int) -> Range<Int> {
        let pointers = QuicksortPointer.allCases.map(position)
        var shown = pointers
        if let top = topRange {
            let ends = [top.low, max(top.high, top.low)].map { min($0, length) }
            if (pointers + ends).max()! - (pointers + ends).min()! < maxColumns { shown += ends }
        }
        return renderWindow(count: length + 1, around: shown, fallback: position(.j), maxColumns: maxColumns)
    }

    // MARK: - Grid

    /// Symbols of the grid's cells: the digits, the blank past the end of the row, and the marks
    /// of the range row.
    static let gridSymbols = (0...9).map(String.init) + ["", "=", "-"]
    private static let blankSymbol = 10
    private static let topRangeSymbol = 11
    private static let stackedRangeSymbol = 12

    /// Two rows of `length + 1` cells: the row (the last cell, past the end, blank) with i and
    /// j on it, and the ranges still to sort: `=` under the top range, `-` under the others.
    ///
    /// Ranges on the stack never overlap: each lies in one part of an earlier SPLIT, so the
    /// second row shows them all, and a blank under a cell means the cell is in its place.
    public func grid() -> EnvironmentGrid {
        let digits = digits
        var marks = [Int](repeating: QuicksortEnvironment.blankSymbol, count: length + 1)
        for (index, range) in ranges.enumerated() where range.count > 0 {
            let mark = index == 0 ? QuicksortEnvironment.topRangeSymbol : QuicksortEnvironment.stackedRangeSymbol
            for position in range.low...range.high { marks[position] = mark }
        }
        return EnvironmentGrid(
            symbols: QuicksortEnvironment.gridSymbols,
            rows: [
                EnvironmentGrid.Row(
                    label: "row", cells: (0...length).map { $0 < length ? Int(digits[$0]) : QuicksortEnvironment.blankSymbol }),
                EnvironmentGrid.Row(label: "ranges", cells: marks),
            ],
            pointers: QuicksortPointer.allCases.map { pointer in
                EnvironmentGrid.Pointer(name: pointer.label, row: 0, column: position(pointer))
            })
    }
}

extension String {
    /// The string without trailing spaces.
    fileprivate var trimmedAtEnd: String {
        var trimmed = self
        while trimmed.last == " " { trimmed.removeLast() }
        return trimmed
    }
}
