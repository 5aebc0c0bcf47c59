// The greedy set cover that picks a task's covering problems from a list of candidates, for
// tasks whose cases are found by running the teacher rather than derived.
import NPICore

/// The candidates to pick, in order, so that together they meet every case any candidate
/// meets; each candidate comes with the dense indices (`0..<caseCount`) of the cases it meets.
///
/// Each time it picks the candidate that meets the most cases not met yet; a tie goes to the
/// candidate meeting more cases in all, then to the earlier in `candidates`. Picking stops when
/// every case is met, so the result is deterministic for a given list.
func greedyCovering(_ candidates: [(problem: Problem, cases: [Int])], caseCount: Int) -> [Problem] {
    // Candidates with the most cases first, so that a good pick is found early in each round.
    let candidates = candidates.enumerated()
        .sorted { ($0.element.cases.count, -$0.offset) > ($1.element.cases.count, -$1.offset) }
        .map(\.element)
    var uncovered = [Bool](repeating: false, count: caseCount)
    for candidate in candidates { for index in candidate.cases { uncovered[index] = true } }
    // gainBounds[i]: new cases candidate i met when last counted; it can only shrink.
    var gainBounds = candidates.map(\.cases.count)
    var problems: [Problem] = []
    while true {
        var best: (candidate: Int, gain: Int)?
        for candidate in candidates.indices where gainBounds[candidate] > (best?.gain ?? 0) {
            let gain = candidates[candidate].cases.filter { uncovered[$0] }.count
            gainBounds[candidate] = gain
            if gain > (best?.gain ?? 0) { best = (candidate, gain) }
        }
        guard let best else { return problems }
        problems.append(candidates[best.candidate].problem)
        for index in candidates[best.candidate].cases { uncovered[index] = false }
    }
}
