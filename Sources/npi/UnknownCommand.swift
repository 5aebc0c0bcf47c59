// `npi evl`: a first argument that names no subcommand and no file is a mistyped command, not
// a script for the default shell subcommand; it gets one line naming the nearest command.
import Foundation
import NPICore

enum UnknownCommand {
    /// The error for a command line (without the program name) whose first argument is not an
    /// option, not one of `commands`, not an existing file and not shaped like a script path
    /// (a `/` or `.npis`: those stay the shell's, which says it cannot read them); else nil.
    static func message(arguments: [String], commands: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first),
            !first.contains("/"), !first.hasSuffix(".npis"),
            !FileManager.default.fileExists(atPath: first)
        else { return nil }
        let problem = "\(NPIError.quote(first)) is neither an npi command nor a file"
        // The shell's rule for its own commands: at most 2 edits, and no guessing at long words.
        if first.count <= 40,
            let nearest = commands.map({ (name: $0, edits: editDistance(first, $0)) }).min(by: { $0.edits < $1.edits }),
            nearest.edits <= 2
        {
            return "\(problem); did you mean 'npi \(nearest.name)'?"
        }
        return "\(problem); 'npi --help' lists the commands"
    }

    /// Edits from `typed` to `name`: insertions, deletions, substitutions and swaps of two
    /// neighbours (optimal string alignment), so `hepl` is one edit from `help`, as near as
    /// `evl` is to `eval`, and nearer than two edits from `shell`. (NPIShell's plain Levenshtein
    /// distance, for the shell's own commands, is internal to that module.)
    static func editDistance(_ typed: String, _ name: String) -> Int {
        let typed = Array(typed), name = Array(name)
        guard !typed.isEmpty, !name.isEmpty else { return max(typed.count, name.count) }
        // rows[i][j]: edits from typed's first i characters to name's first j.
        var rows = [Array(0...name.count)]
        for i in 1...typed.count {
            var row = [i] + Array(repeating: 0, count: name.count)
            for j in 1...name.count {
                let same = typed[i - 1] == name[j - 1]
                row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (same ? 0 : 1))
                if i > 1, j > 1, typed[i - 1] == name[j - 2], typed[i - 2] == name[j - 1] {
                    row[j] = min(row[j], rows[i - 2][j - 2] + 1)
                }
            }
            rows.append(row)
        }
        return rows[typed.count][name.count]
    }
}
