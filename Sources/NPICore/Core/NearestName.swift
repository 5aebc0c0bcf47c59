// "Did you mean": the known name nearest to a mistyped word, shared by the CLI's subcommands
// and the shell's commands so both guess by one rule.

public enum NearestName {
    /// The name in `names` nearest to `typed`, if it is near enough to be a typo of it: one edit
    /// for a word of 3-5 characters, two from 6 on; a shorter word, or one over 40 characters,
    /// is never guessed at.
    public static func nearest(to typed: String, among names: [String]) -> String? {
        let allowed = typed.count < 3 ? 0 : typed.count < 6 ? 1 : 2
        guard allowed > 0, typed.count <= 40 else { return nil }
        let best = names.map { (name: $0, edits: editDistance(typed, $0)) }.min { $0.edits < $1.edits }
        guard let best, best.edits <= allowed else { return nil }
        return best.name
    }

    /// Edits between two words: insertions, deletions, substitutions and swaps of two
    /// neighbours (optimal string alignment), so `stpe` is one edit from `step`.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.prefix(64)), b = Array(b.prefix(64))
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        // distance[i][j]: edits from a's first i characters to b's first j.
        var distance = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { distance[i][0] = i }
        for j in 0...b.count { distance[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let substitution = distance[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                distance[i][j] = min(distance[i - 1][j] + 1, distance[i][j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    distance[i][j] = min(distance[i][j], distance[i - 2][j - 2] + 1)
                }
            }
        }
        return distance[a.count][b.count]
    }
}
