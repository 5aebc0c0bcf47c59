// The stretch of a long row that a task's text picture shows, chosen around its pointers.

/// The positions of `0..<count` a picture shows, at most `maxColumns` of them: all when they
/// fit, else a window centred on `pointers`, or centred on `fallback` when the pointers are
/// more than `maxColumns` apart.
func renderWindow(count: Int, around pointers: [Int], fallback: Int, maxColumns: Int) -> Range<Int> {
    guard count > maxColumns else { return 0..<count }
    let lowest = pointers.min()!
    let span = pointers.max()! - lowest + 1
    var start = span <= maxColumns ? lowest - (maxColumns - span) / 2 : fallback - maxColumns / 2
    start = min(max(start, 0), count - maxColumns)
    return start..<(start + maxColumns)
}
