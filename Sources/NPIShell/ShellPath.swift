// File paths as the shell reads them: one rule for `~` in completion and in opening files.
import Foundation

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `path` with a leading `~` (the home folder, from `HOME`) or `~user` (that user's home)
/// expanded, as a Unix shell does; anything else unchanged, as is a `~user` that does not exist.
func expandedPath(_ path: String) -> String {
    guard path.hasPrefix("~") else { return path }
    let slash = path.firstIndex(of: "/") ?? path.endIndex
    let user = path[path.index(after: path.startIndex)..<slash]
    guard let home = homeDirectory(of: user.isEmpty ? nil : String(user)) else { return path }
    return home + path[slash...]
}

/// The home folder of `user` (nil: the current user's, `HOME` first).
private func homeDirectory(of user: String?) -> String? {
    if user == nil, let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty {
        return home
    }
    #if canImport(Glibc)
    let entry = user.map { getpwnam($0) } ?? getpwuid(getuid())
    guard let entry, let directory = entry.pointee.pw_dir else { return nil }
    return String(cString: directory)
    #else
    return nil
    #endif
}

/// A path typed in a script, for `source`: a relative path is taken from the folder of the
/// script that sources it, so a script can source its neighbours from anywhere.
func resolvedPath(_ path: String, relativeTo directory: String?) -> String {
    let expanded = expandedPath(path)
    guard let directory, !directory.isEmpty, !expanded.hasPrefix("/") else { return expanded }
    return directory.hasSuffix("/") ? directory + expanded : directory + "/" + expanded
}

/// `path` split at its last slash: the folder ("" for a bare name, "/" for a name at the root)
/// and the name after it. Foundation's `NSString.deletingLastPathComponent` is not used: on
/// Linux (Swift 6.3) it traps on a one-character name such as `x` (found by the fuzzer).
func splitPath(_ path: String) -> (folder: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return ("", path) }
    let folder = path[..<slash]
    return (folder.isEmpty ? "/" : String(folder), String(path[path.index(after: slash)...]))
}
