// A shell whose output is captured, with the shipped model of this checkout.
import Foundation
import NPIShell

/// The checkout's Samples/models folder, found from this file's path.
let samplesModels = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Samples/models").path

/// A shell with the shipped model loaded; everything it prints is collected in `lines`, one
/// entry per line.
final class CapturedShell {
    private(set) var lines: [String] = []
    let shell: Shell

    private let box = LineBox()

    init(loadModel: Bool = true) throws {
        let box = self.box
        // One entry per line, as a terminal shows them (a message may hold several lines).
        let collect: (String) -> Void = { box.lines += $0.components(separatedBy: "\n") }
        let output = ShellOutput(message: collect, error: collect)
        let session = Session(output: output) { task in "\(samplesModels)/\(task).safetensors" }
        if loadModel { try session.load(path: nil) }
        shell = Shell(session: session)
    }

    /// Runs `script` as piped input; returns the exit status.
    @discardableResult
    func run(_ script: String) -> Int32 {
        box.lines = []
        let status = shell.run(from: ScriptedLines(script.components(separatedBy: "\n"), interactive: false))
        lines = box.lines
        return status
    }

    /// Runs `script` as if typed at the prompt (errors do not stop it).
    func type(_ script: String) {
        box.lines = []
        _ = shell.run(from: ScriptedLines(script.components(separatedBy: "\n"), interactive: true))
        lines = box.lines
    }

    var text: String { lines.joined(separator: "\n") }
}

final class LineBox { var lines: [String] = [] }

/// Lines fed to the shell from memory.
final class ScriptedLines: LineSource {
    private var remaining: [String]
    let isInteractive: Bool
    private(set) var history: [String] = []

    init(_ lines: [String], interactive: Bool) {
        remaining = lines
        isInteractive = interactive
    }

    func readLine(prompt: String) -> LineEvent {
        guard !remaining.isEmpty else { return .endOfInput }
        return .line(remaining.removeFirst())
    }

    func addHistory(_ line: String) { history.append(line) }
}
