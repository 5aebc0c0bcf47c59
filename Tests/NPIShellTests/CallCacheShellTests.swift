// `set cache` and `info cache`: the cache serves a problem met again, and the shell prints the
// same with it on or off.
import Foundation
import NPIShell
import Testing

@Suite struct CallCacheShellTests {
    /// Every line `script` prints, with the cache on or off.
    func output(_ script: String, cache: Bool) throws -> [String] {
        let shell = try CapturedShell()
        #expect(shell.run("set cache \(cache ? "on" : "off")") == 0)
        #expect(shell.run(script) == 0, "\(shell.text)")
        return shell.lines
    }

    @Test func theShellPrintsTheSameWithTheCacheOnOrOff() throws {
        let script = "env 95 7; step 6; why; next; finish; run; expect correct; env 95 7; run; env 4321 999; run; why @7; eval 5 1-3"
        #expect(try output(script, cache: true) == output(script, cache: false))
    }

    @Test func infoCacheShowsWhatTheCacheServed() throws {
        let shell = try CapturedShell()
        #expect(shell.run("info cache") == 0)
        #expect(shell.lines.first == "call cache: on")
        #expect(shell.text.contains("0 of 0 steps served"))
        #expect(shell.run("env 95 7; run; env 95 7; run; info cache") == 0)
        // The second run of the same problem is served whole: as many hits as steps in one run.
        let served = try #require(shell.lines.first { $0.hasPrefix("  steps") })
        let numbers = served.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(numbers.count >= 2 && numbers[1] == 2 * numbers[0], "\(served)")
        #expect(shell.run("eval 5 2; info cache") == 0)
        #expect(shell.text.contains("  last eval  "))
        #expect(shell.run("set cache off; info cache") == 0)
        // Off: no cache of single steps any more; the latest eval's figures stay.
        #expect(shell.lines.first == "call cache: off ('set cache on' turns it on)")
        #expect(shell.lines.dropFirst().map { $0.hasPrefix("  last eval  ") } == [true])
    }
}
