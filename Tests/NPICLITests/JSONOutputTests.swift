// Every `--json` report is JSON Lines written by JSONEncoder: each line parses, has exactly the
// keys the README documents, sorted, and paths keep their slashes unescaped.
import Foundation
import Testing

@Suite struct JSONOutputTests {
    static let undertrained = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples/models/addition-undertrained.safetensors").path

    /// Each line of `text` as a JSON object, after checking that its keys are sorted.
    func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            let keys = try #require(line.dropFirst().split(separator: ",").first)
            #expect(keys.hasPrefix("\"\(object.keys.min()!)\""), "keys sorted: \(line)")
            return object
        }
    }

    @Test func evalPrintsOneObjectPerSize() throws {
        let result = try runNPI(["eval", "--model", Self.undertrained, "--digits", "1,3", "--count", "5", "--json"])
        #expect(result.status == 0)
        let rows = try objects(result.standardOutput)
        let keys: Set = ["size", "count", "correct", "accuracy", "steps", "cache_hits", "cache_hit_rate"]
        #expect(rows.map { Set($0.keys) } == Array(repeating: keys, count: 2))
        #expect(rows.map { $0["size"] as? Int } == [1, 3])
        #expect(rows.allSatisfy { $0["count"] as? Int == 5 && ($0["accuracy"] as? Double).map { (0...1).contains($0) } == true })
    }

    @Test func evalCountsTheStepsTheCacheServedAndNoCacheChangesNothingElse() throws {
        let arguments = ["eval", "--model", Self.undertrained, "--digits", "2,4", "--count", "30", "--json"]
        let cached = try objects(try runNPI(arguments).standardOutput)
        let uncached = try objects(try runNPI(arguments + ["--no-cache"]).standardOutput)
        for (with, without) in zip(cached, uncached) {
            for key in ["size", "count", "correct", "steps"] { #expect(with[key] as? Int == without[key] as? Int, "\(key)") }
            #expect(without["cache_hits"] as? Int == 0)
            let hits = try #require(with["cache_hits"] as? Int), steps = try #require(with["steps"] as? Int)
            #expect(hits > 0 && hits < steps)
            let rate = try #require(with["cache_hit_rate"] as? Double)
            #expect(abs(rate - Double(hits) / Double(steps)) < 1e-12)
        }
        #expect(cached.count == 2 && uncached.count == 2)
    }

    @Test func evalNamesTheSizeTheSameForSort() throws {
        let result = try runNPI(["eval", "--task", "sort", "--lengths", "3", "--count", "2", "--json"])
        #expect(result.status == 0)
        let rows = try objects(result.standardOutput)
        #expect(rows.map { Set($0.keys) } == [["size", "count", "correct", "accuracy", "steps", "cache_hits", "cache_hit_rate"]])
        #expect(rows.first?["size"] as? Int == 3)
    }

    @Test func evalDiffPrintsOneObjectPerProgramWithItsPlaces() throws {
        let result = try runNPI(["eval", "--model", Self.undertrained, "--digits", "1-3", "--count", "20", "--diff", "--json"])
        #expect(result.status == 0)
        let programs = try objects(result.standardOutput)
        #expect(programs.map { $0["program"] as? String } == ["ADD", "ADD1", "CARRY", "LSHIFT"])
        for program in programs {
            #expect(Set(program.keys) == ["program", "steps", "differing", "return", "program_choice", "arguments", "places"])
        }
        let places = programs.flatMap { $0["places"] as? [[String: Any]] ?? [] }
        #expect(!places.isEmpty, "the under-trained model differs somewhere")
        for place in places {
            #expect(Set(place.keys) == [
                "call", "observation", "observation_text", "teacher", "occurrences", "differing", "model", "model_count",
            ])
        }
    }

    @Test func benchPrintsOneObjectPerMeasurement() throws {
        let result = try runNPI(["bench", "--only", "train,eval", "--seconds", "0.2", "--windows", "1", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let measurements = try objects(result.standardOutput)
        // eval runs without the call cache, then with it.
        #expect(measurements.map { $0["what"] as? String } == ["train", "eval", "eval"])
        #expect(measurements.map { $0["cache"] as? Bool } == [false, false, true])
        #expect(measurements.map { $0["cache_hit_rate"] != nil } == [false, false, true])
        for measurement in measurements {
            let figures: Set = [
                "what", "threads", "cache", "cache_hit_rate", "steps_per_s", "problems_per_s", "problems_per_s_min",
                "problems_per_s_max",
            ]
            #expect(figures.subtracting(["cache_hit_rate"]).isSubset(of: Set(measurement.keys)), "\(measurement)")
            #expect(measurement["threads"] as? Int == 1)
            #expect((measurement["problems_per_s"] as? Double ?? 0) > 0)
            // The details beside the figures are strings.
            #expect(measurement.filter { !figures.contains($0.key) }.allSatisfy { $0.value is String })
        }
    }
}
