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
        if let nearest = NearestName.nearest(to: first, among: commands) {
            return "\(problem); did you mean 'npi \(nearest)'?"
        }
        return "\(problem); 'npi --help' lists the commands"
    }
}
