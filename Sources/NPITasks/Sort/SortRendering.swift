// Pictures of the bubble-sort row: text windowed so that 100,000-element rows stay readable,
// and the grid of cells the HTML viewer draws.
import NPICore

extension SortEnvironment {
    /// Positions shown by `render(color:)` before the picture is cut to a window around the pointers.
    public static let defaultRenderColumns = 40

    /// The row, then one line per pointer with a `^` under its cell; with `color` the cells
    /// under ptr1 and ptr2 are also shown in reverse video.
    public func render(color: Bool) -> String {
        render(color: color, maxColumns: SortEnvironment.defaultRenderColumns)
    }

    /// The row and pointer lines, showing at most `maxColumns` positions around the pointers.
    ///
    /// Position `length`, just past the end, has no digit but can hold a pointer. A cut side of
    /// the row shows `…`. A pointer outside the window is reported at the end of its line
    /// (`← ptr3 at position 3`), which only happens when the pointers are more than `maxColumns` apart.
    public func render(color: Bool, maxColumns: Int) -> String {
        precondition(maxColumns >= 1, "a picture shows at least one column")
        let window = visiblePositions(maxColumns: maxColumns)
        let highlighted = color ? Set([position(.ptr1), position(.ptr2)]) : []
        var row = "row  " + (window.lowerBound > 0 ? "…" : " ")
        row += window.filter { $0 < length }.map { position in
            let digit = String(symbol(at: position))
            return highlighted.contains(position) ? "\u{1B}[7m\(digit)\u{1B}[0m" : digit
        }.joined(separator: " ")
        row += window.upperBound < length + 1 ? " …" : ""
        let pointerLines = SortPointer.allCases.map { pointer in
            var line = pointer.label + "  " + window.map { $0 == position(pointer) ? "^" : " " }.joined(separator: " ")
            while line.last == " " { line.removeLast() }
            let pointed = position(pointer)
            if pointed < window.lowerBound {
                line += "  ← \(pointer.label) at position \(pointed)"
            } else if pointed >= window.upperBound {
                line += "  \(pointer.label) at position \(pointed) →"
            }
            return line
        }
        return ([row] + pointerLines).joined(separator: "\n")
    }

    // MARK: - Layout

    /// The positions to show (`length` is the one past the end): all if they fit, else a window
    /// containing every pointer (centred on them), or centred on ptr1 and ptr2 when ptr3 is too far.
    func visiblePositions(maxColumns: Int) -> Range<Int> {
        let all = SortPointer.allCases.map(position)
        let shown = all.max()! - all.min()! < maxColumns ? all : [position(.ptr1), position(.ptr2)]
        return renderWindow(count: length + 1, around: shown, fallback: position(.ptr1), maxColumns: maxColumns)
    }

    // MARK: - Grid

    /// One row of `length + 1` cells, the last (just past the end, where ptr2 ends a pass)
    /// blank, with the three pointers on it.
    public func grid() -> EnvironmentGrid {
        let symbols = (0...9).map(String.init) + [""]  // `SortObservation.offArray` shows nothing
        return EnvironmentGrid(
            symbols: symbols,
            rows: [EnvironmentGrid.Row(label: "row", cells: (0...length).map { symbol(at: $0) })],
            pointers: SortPointer.allCases.map { pointer in
                EnvironmentGrid.Pointer(name: pointer.label, row: 0, column: position(pointer))
            })
    }
}
