// A one-line progress bar on standard error, drawn only when it is a terminal.

struct ProgressBar {
    let label: String
    let width = 30
    private var lastDrawn = -1

    init(label: String) { self.label = label }

    /// Redraws the bar for `fraction` (0...1) when the visible percentage changed.
    mutating func update(_ fraction: Double) {
        guard standardErrorIsTerminal else { return }
        let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        printError("\r\(label) [\(bar)] \(percent)%", terminator: "")
    }

    /// Erases the bar so that a normal line can be printed in its place.
    func clear() {
        guard standardErrorIsTerminal, lastDrawn >= 0 else { return }
        printError("\r\u{1B}[K", terminator: "")
    }
}
