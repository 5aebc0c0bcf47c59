// A task without its own notation writes a problem's words joined by spaces, cut short when long.
import NPICore
import Testing

@Suite struct ProblemNotationTests {
    @Test func theDefaultJoinsTheWordsAsTyped() {
        #expect(CountdownTask().notation(of: Problem(["9"])) == "9")
        #expect(CountdownTask().notation(of: Problem(["1", "22", "333"])) == "1 22 333")
    }

    @Test func aLongProblemKeepsTheWholeWordsThatFitAndItsCount() {
        let words = (1...30).map(String.init)  // "1 2 ... 30": 80 characters
        #expect(Problem(words).abbreviated(counting: "word") == "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 … (30 words)")
        let fortyCharacters = Problem([String(repeating: "a", count: 19), String(repeating: "b", count: 20)])
        #expect(fortyCharacters.abbreviated(counting: "word").count == 40)
        let oneHugeWord = Problem([String(repeating: "7", count: 10_000)])
        #expect(oneHugeWord.abbreviated(counting: "digit string") == String(repeating: "7", count: 40) + " … (1 digit string)")
    }
}
