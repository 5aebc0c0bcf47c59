// Pictures of the addition scratchpad: text windowed so that 100,000-column pads stay
// readable, and the grid of cells the HTML viewer draws.
import NPICore

extension AdditionEnvironment {
    /// Columns shown by `render(color:)` before the picture is cut to a window around the pointers.
    public static let defaultRenderColumns = 40

    /// The four rows with each row's pointer marked: `[3]` without color, reverse video with it.
    public func render(color: Bool) -> String {
        render(color: color, maxColumns: AdditionEnvironment.defaultRenderColumns)
    }

    /// The four rows, showing at most `maxColumns` columns around the pointers.
    ///
    /// A cut side shows `…`. A pointer outside the shown window is reported at the end of its
    /// row (`← pointer at column 3`), which only happens when the pointers are more than
    /// `maxColumns` apart.
    public func render(color: Bool, maxColumns: Int) -> String {
        precondition(maxColumns >= 1, "a picture shows at least one column")
        let window = visibleColumns(maxColumns: maxColumns)
        let labelWidth = ScratchpadRow.allCases.map(\.label.count).max()!
        return ScratchpadRow.allCases.map { row in
            let label = row.label + String(repeating: " ", count: labelWidth - row.label.count)
            var line = label + " " + (window.lowerBound > 0 ? "…" : " ")
            line += cellsText(row: row, window: window, color: color)
            line += window.upperBound < width ? "…" : ""
            let pointed = pointer(row)
            if pointed < window.lowerBound {
                line += "  ← pointer at column \(pointed)"
            } else if pointed >= window.upperBound {
                line += "  pointer at column \(pointed) →"
            }
            return line
        }.joined(separator: "\n")
    }

    // MARK: - Layout

    /// The columns to show: the whole pad if it fits, else a window containing every pointer
    /// (centred on them), or centred on the out pointer when they are too far apart.
    func visibleColumns(maxColumns: Int) -> Range<Int> {
        renderWindow(
            count: width, around: ScratchpadRow.allCases.map(pointer), fallback: pointer(.out),
            maxColumns: maxColumns)
    }

    /// One row's cells in `window`: one character each, separated by spaces; the separators
    /// around the pointed cell become brackets, or the cell is shown in reverse video with `color`.
    private func cellsText(row: ScratchpadRow, window: Range<Int>, color: Bool) -> String {
        let pointed = pointer(row)
        var text = ""
        for column in window {
            let symbol = self.symbol(row: row, column: column)
            let character = symbol == AdditionEnvironment.blank ? " " : String(symbol)
            if color {
                text += " "
                text += column == pointed ? "\u{1B}[7m\(character)\u{1B}[0m" : character
            } else {
                text += column == pointed ? "[" : (column == pointed + 1 ? "]" : " ")
                text += character
            }
        }
        // The separator after the last shown cell closes a bracket there.
        text += !color && pointed == window.upperBound - 1 ? "]" : " "
        return text
    }

    // MARK: - Grid

    /// The four rows (digits, blank as an empty cell) with one pointer each, named as its row.
    public func grid() -> EnvironmentGrid {
        let symbols = (0...9).map(String.init) + [""]  // the symbol `blank` shows nothing
        return EnvironmentGrid(
            symbols: symbols,
            rows: ScratchpadRow.allCases.map { row in
                EnvironmentGrid.Row(label: row.label, cells: (0..<width).map { symbol(row: row, column: $0) })
            },
            pointers: ScratchpadRow.allCases.map { row in
                EnvironmentGrid.Pointer(name: row.label, row: row.rawValue, column: pointer(row))
            })
    }
}
