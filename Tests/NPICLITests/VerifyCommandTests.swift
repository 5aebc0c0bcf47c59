// `npi verify` end to end (one full run: it takes a while in a debug build): a barely trained
// recursive model fails verification with readable mismatch lines; models of looping tasks and
// bad paths get one-line errors.
import Foundation
import Testing

@Suite struct VerifyCommandTests {
    /// A small network trained briefly: fast even in a debug build, and certainly not perfect.
    let shortRun = [
        "--count", "12", "--max-digits", "2", "--epochs", "1", "--held-out", "5",
        "--core-size", "24", "--encoder-size", "12", "--maxout-pieces", "2",
    ]

    @Test func anUndertrainedRecursiveModelIsNotVerified() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("r.safetensors").path
        #expect(try runNPI(["train", "--recursive", "-o", path] + shortRun).status == 0)

        let text = try runNPI(["verify", "--model", path, "--show", "2"])
        #expect(text.status == 1)
        let lines = text.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "task        addition-recursive")
        #expect(lines.contains { $0.hasPrefix("sequences   ") && $0.hasSuffix(" distinct per-call input sequences") })
        #expect(lines.contains { $0.hasPrefix("  ADD ") && $0.contains("24419 sequences") })
        #expect(lines.filter { $0.hasPrefix("  mismatch: ") }.count == 2)
        #expect(lines.contains { $0.hasPrefix("  ... and ") && $0.hasSuffix(" more mismatches") })
        let last = try #require(lines.last)
        #expect(last.hasPrefix("NOT verified: ") && last.hasSuffix(" sequences differ"))

        let json = try runNPI(["verify", "--model", path, "--show", "2", "--json"])
        #expect(json.status == 1)
        #expect(json.standardOutput.split(separator: "\n").count == 1)
        #expect(json.standardOutput.contains("\"model\":\"\(path)\""), "paths keep their slashes")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == [
            "task", "model", "problems", "completeness", "sequences", "programs", "minimumMargin", "mismatchCount",
            "mismatches", "verified",
        ])
        #expect(object["verified"] as? Bool == false)
        let programs = try #require(object["programs"] as? [[String: Any]])
        #expect(programs.allSatisfy { Set($0.keys) == ["program", "sequences", "matching"] })
        #expect(programs.first?["sequences"] as? Int == 24419)
        let mismatches = try #require(object["mismatches"] as? [[String: Any]])
        #expect(mismatches.count == 2)
        #expect((object["mismatchCount"] as? Int ?? 0) > 2)
        for mismatch in mismatches {
            #expect(Set(mismatch.keys) == ["program", "arguments", "observations", "step", "teacher", "model", "problem"])
        }
    }

    @Test func aModelOfALoopingTaskCannotBeVerified() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.safetensors").path
        #expect(try runNPI(["train", "-o", path] + shortRun).status == 0)
        let result = try runNPI(["verify", "--model", path])
        #expect(result.status != 0)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(result.standardError.contains("cannot verify a model of task 'addition'"))
        #expect(result.standardError.contains("addition-recursive"))
    }

    @Test func badPathsGetOneLineErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("none.safetensors").path
        let cases: [(arguments: [String], message: String)] = [
            (["verify", "--model", missing], missing),
            (["verify", "--recursive"], "no shipped model for task 'addition-recursive'"),
        ]
        for (arguments, message) in cases {
            let result = try runNPI(arguments, environment: ["NPI_MODELS": directory.path])
            #expect(result.status != 0, "\(arguments)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(arguments)")
        }
    }
}
