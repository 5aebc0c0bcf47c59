import Foundation
import Testing

/// End-to-end runs of `npi train`, `npi eval` and `npi info` on a tiny training run.
@Suite struct TrainEvalInfoTests {
    /// A small network trained briefly: fast even in a debug build.
    let shortRun = [
        "--count", "12", "--max-digits", "2", "--epochs", "2", "--held-out", "5",
        "--core-size", "24", "--encoder-size", "12", "--maxout-pieces", "2",
    ]

    /// Same seed, same data: the same tensors and metadata; only the history's timings (and so
    /// the checksum) are the machine's.
    @Test func sameSeedSameDataGivesTheSameModelFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [ReproducibleContents] = []
        for (name, seed) in [("a", "1"), ("b", "1"), ("c", "2")] {
            let folder = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let result = try runNPI(["train", "-o", "m.safetensors", "--seed", seed] + shortRun, in: folder)
            #expect(result.status == 0)
            files.append(try ReproducibleContents(of: folder.appendingPathComponent("m.safetensors").path))
        }
        #expect(files[0].tensors.count > 10)
        #expect(files[0].history.count >= 2)
        #expect(files[0] == files[1])
        #expect(files[0].tensors != files[2].tensors)
    }

    @Test func trainPrintsEpochLinesAndRefusesToOverwrite() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.safetensors").path
        let result = try runNPI(["train", "-o", path] + shortRun)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("epoch   1  loss "))
        #expect(result.standardOutput.contains("steps/s"))
        let again = try runNPI(["train", "-o", path] + shortRun)
        #expect(again.status != 0)
        #expect(again.standardError.contains("--resume"))
        // A resumed run keeps its recipe; a higher --epochs lets a finished one go on.
        let finished = try runNPI(["train", "-o", path, "--resume"])
        #expect(finished.standardError.contains("the run is finished"))
        let resumed = try runNPI(["train", "-o", path, "--resume", "--epochs", "4"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("epoch   3  loss ") && resumed.standardOutput.contains("epoch   4  loss "))
        let info = try runNPI(["info", "--model", path])
        #expect(info.status == 0)
        #expect(info.standardOutput.contains("task        addition"))
        #expect(info.standardOutput.contains("core        2 LSTM layers of 24"))
        #expect(info.standardOutput.contains("training    4 epochs"))
        #expect(info.standardOutput.contains("Adam"))
    }

    @Test func trainOutputMistakesAreTrainUsageErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let existing = directory.appendingPathComponent("old.safetensors").path
        try Data([1]).write(to: URL(fileURLWithPath: existing))
        let missing = directory.appendingPathComponent("none.safetensors").path
        let cases: [(arguments: [String], message: String)] = [
            (["-o", existing], "Error: \(existing) exists; use --resume to continue its run or --overwrite to replace it"),
            (["-o", missing, "--resume"], "Error: --resume: \(missing) does not exist"),
        ]
        for (arguments, message) in cases {
            let result = try runNPI(["train"] + arguments + shortRun)
            let lines = result.standardError.split(separator: "\n").map(String.init)
            #expect(result.status == 64, "\(arguments)")
            #expect(lines.first == message, "\(arguments)")
            #expect(lines.dropFirst().first?.hasPrefix("Usage: npi train ") == true, "\(arguments)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == Data([1]))
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func evalReportsOneRowPerSizeAndJSON() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.safetensors").path
        #expect(try runNPI(["train", "-o", path] + shortRun).status == 0)
        let table = try runNPI(["eval", "--model", path, "--digits", "1-2,5", "--count", "3"])
        #expect(table.status == 0)
        let rows = table.standardOutput.split(separator: "\n").filter { $0.contains("OK=") }
        #expect(rows.count == 3)
        let json = try runNPI(["eval", "--model", path, "--digits", "3", "--count", "4", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect(object?["size"] as? Int == 3)
        #expect(object?["count"] as? Int == 4)
        #expect(object?["accuracy"] != nil)
    }

    @Test func evalNamesItsOwnOptionsForALimitThatStoppedAProblem() throws {
        // The shipped model: 3-digit additions take more than 10 steps, and ADD1 is called from ADD.
        let steps = try runNPI(["eval", "--digits", "3", "--count", "2", "--max-steps", "10"])
        #expect(steps.status == 0)
        #expect(steps.standardOutput.contains("; step limit reached (10 steps); raise it with --max-steps N\n"), "\(steps.standardOutput)")
        let depth = try runNPI(["eval", "--digits", "3", "--count", "2", "--max-depth", "1"])
        #expect(depth.standardOutput.contains("; call depth limit reached (1 frames) calling ADD1; raise it with --max-depth N\n"))
        #expect(!(steps.standardOutput + depth.standardOutput).contains("set max-"))
        let raised = try runNPI(["eval", "--digits", "3", "--count", "2", "--max-steps", "100", "--max-depth", "3"])
        #expect(raised.standardOutput.contains("accuracy=100.00%"), "\(raised.standardOutput)")
    }

    @Test func evalShowsASortFailureAsARowAndShortensLongRows() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("s.safetensors").path
        #expect(try runNPI(["train", "--task", "sort", "-o", path] + shortRun).status == 0)
        let table = try runNPI(["eval", "--model", path, "--lengths", "6,200", "--count", "3"])
        #expect(table.status == 0)
        let rows = table.standardOutput.split(separator: "\n").filter { $0.contains("OK=") }.map(String.init)
        try #require(rows.count == 2 && rows.allSatisfy { $0.contains("OK=0 ") }, "\(table.standardOutput)")
        let short = try #require(rows[0].components(separatedBy: "accuracy=0.00%  ").last)
        #expect(short.wholeMatch(of: /[0-9]( [0-9]){5} -> '.*/) != nil, "\(rows[0])")
        #expect(rows[1].contains(" … (200 elements) -> '"), "\(rows[1])")
        #expect(rows[1].count < 120, "\(rows[1])")
        #expect(!rows.joined().contains("+"))
    }

    @Test func corruptOrMissingModelFilesGetOneLineErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("none.safetensors").path
        let truncated = directory.appendingPathComponent("t.safetensors").path
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: truncated))
        for path in [missing, truncated] {
            let result = try runNPI(["info", "--model", path])
            #expect(result.status != 0)
            #expect(result.standardError.contains(path))
            #expect(result.standardError.split(separator: "\n").count == 1)
        }
    }
}
