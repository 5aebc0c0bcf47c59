// A task-neutral picture of an environment for views that draw it (the HTML viewer) rather
// than print it: rows of cells, and the pointers on them.

/// An environment's state as labelled rows of cells and named pointers.
///
/// Cells hold small integers that `symbols` turns into text, so a view can compare two states
/// cheaply and record only the cells that changed. Every state of one environment uses the
/// same `symbols`, the same rows and the same pointers; only cell values and pointer positions
/// change.
public struct EnvironmentGrid: Equatable, Sendable, Codable {
    /// One row of cells, e.g. the addition scratchpad's `in1`.
    public struct Row: Equatable, Sendable, Codable {
        public var label: String
        /// Each cell's value, an index into `symbols`.
        public var cells: [Int]

        public init(label: String, cells: [Int]) {
            self.label = label
            self.cells = cells
        }
    }

    /// A pointer and the cell it is on.
    public struct Pointer: Equatable, Sendable, Codable {
        public var name: String
        /// An index into `rows`.
        public var row: Int
        /// An index into that row's cells.
        public var column: Int

        public init(name: String, row: Int, column: Int) {
            self.name = name
            self.row = row
            self.column = column
        }
    }

    /// The text of each cell value; an empty string is a blank cell.
    public var symbols: [String]
    public var rows: [Row]
    public var pointers: [Pointer]

    public init(symbols: [String], rows: [Row], pointers: [Pointer]) {
        self.symbols = symbols
        self.rows = rows
        self.pointers = pointers
    }
}
