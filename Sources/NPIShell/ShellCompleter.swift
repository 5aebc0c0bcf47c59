// Tab completion from the command table: command names, program names, settings, file paths.
import Foundation

/// Completes the word before the cursor using the shell's command table.
public final class ShellCompleter: LineCompleter {
    private let shell: Shell

    public init(shell: Shell) { self.shell = shell }

    public func completions(lineBeforeCursor line: String) -> [String] {
        let command = line.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        var words = command.split(whereSeparator: \.isWhitespace).map(String.init)
        let current = command.last.map { $0.isWhitespace } ?? true ? "" : (words.popLast() ?? "")
        guard let name = words.first else {
            return Shell.commands.flatMap(\.names).filter { $0.hasPrefix(current) }.sorted()
        }
        guard let entry = shell.command(named: name) else { return [] }
        let position = words.count  // index of the word being completed (1 = first argument)
        let candidates: [String]
        switch entry.completion {
        case .nothing: candidates = []
        case .commands: candidates = position == 1 ? Shell.commands.map(\.name) : []
        case .programs: candidates = position == 1 ? shell.session.task.programs.programs.map(\.name) : []
        case .settings:
            if position == 1 {
                candidates = ShellSettings.names
            } else if position == 2 {
                candidates = ["alpha": ["0.5"], "max-steps": ["auto"]][words[1]] ?? ["on", "off"]
            } else {
                candidates = []
            }
        case .files: return position == 1 ? ShellCompleter.paths(completing: current) : []
        case .words(let options, let filesAfter):
            if position == 1 { candidates = options } else if position == 2, filesAfter.contains(words[1]) {
                return ShellCompleter.paths(completing: current)
            } else {
                candidates = []
            }
        }
        return candidates.filter { $0.hasPrefix(current) }.sorted()
    }

    /// Paths that start with `prefix`; directories end with `/`.
    static func paths(completing prefix: String) -> [String] {
        let expanded = (prefix as NSString).expandingTildeInPath
        let directory: String
        let namePrefix: String
        if expanded.hasSuffix("/") {
            directory = expanded
            namePrefix = ""
        } else {
            directory = (expanded as NSString).deletingLastPathComponent
            namePrefix = (expanded as NSString).lastPathComponent
        }
        let listed = directory.isEmpty ? "." : directory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listed) else { return [] }
        let typedDirectory = prefix.hasSuffix("/") ? prefix : String(prefix.dropLast(namePrefix.count))
        return names.filter { $0.hasPrefix(namePrefix) && ($0.first != "." || namePrefix.hasPrefix(".")) }
            .sorted()
            .map { name in
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(
                    atPath: (listed as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
                return typedDirectory + name + (isDirectory.boolValue ? "/" : "")
            }
    }
}
