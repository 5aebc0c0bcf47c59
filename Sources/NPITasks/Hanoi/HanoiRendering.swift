// Pictures of the three pegs: a line per peg with its disks from the bottom, and the grid of
// cells the HTML viewer draws.
import NPICore

extension HanoiEnvironment {
    /// A line per peg, its disks from the bottom (`peg 0 | 3 2 1`), then k and the disks it
    /// names (`k 2 of 3: moving disks 1-2`); with `color` the disks of that tower are also shown
    /// in reverse video.
    ///
    /// A peg's line holds its disk sizes as numbers, so 20 disks fit in about 60 columns, and a
    /// move changes exactly two peg lines, which is what the shell prints after a step.
    public func render(color: Bool) -> String {
        let pegLines = HanoiPeg.all.map { peg in
            var line = "peg \(peg) |"
            for disk in disks(on: peg) {
                let text = String(disk)
                line += " " + (color && disk <= towerSize ? "\u{1B}[7m\(text)\u{1B}[0m" : text)
            }
            return line
        }
        return (pegLines + [towerLine]).joined(separator: "\n")
    }

    /// `k 0 of 3: nothing to move`, `k 1 of 3: moving disk 1`, `k 3 of 3: moving disks 1-3`.
    var towerLine: String {
        let moving =
            switch towerSize {
            case 0: "nothing to move"
            case 1: "moving disk 1"
            default: "moving disks 1-\(towerSize)"
            }
        return "k \(towerSize) of \(diskCount): \(moving)"
    }

    // MARK: - Grid

    /// A row per peg of n cells, its disks from the bottom and blanks above them, then a row
    /// `k` of the values 0...n with the pointer `k` on the current one.
    public func grid() -> EnvironmentGrid {
        let blank = diskCount + 1
        let symbols = (0...diskCount).map(String.init) + [""]  // disk d is d; `blank` shows nothing
        let pegRows = HanoiPeg.all.map { peg in
            let disks = disks(on: peg)
            return EnvironmentGrid.Row(
                label: "peg \(peg)", cells: disks + Array(repeating: blank, count: diskCount - disks.count))
        }
        return EnvironmentGrid(
            symbols: symbols,
            rows: pegRows + [EnvironmentGrid.Row(label: "k", cells: Array(0...diskCount))],
            pointers: [EnvironmentGrid.Pointer(name: "k", row: HanoiPeg.count, column: towerSize)])
    }
}
