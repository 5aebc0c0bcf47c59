// `npi train --task a,b`: one model of several tasks, trained, resumed, described and evaluated
// per task from the command line.
import Foundation
import Testing

@Suite struct MultitaskTrainTests {
    /// A small network trained briefly on addition and sort: fast even in a debug build.
    let shortRun = [
        "--task", "addition,sort", "--count", "12,8", "--max-length", "2,3", "--epochs", "2", "--held-out", "5,4",
        "--length-check-size", "0", "--core-size", "24", "--encoder-size", "12", "--maxout-pieces", "2",
    ]

    @Test func aModelOfTwoTasksTrainsResumesAndRunsEachTask() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("mt.safetensors").path
        let trained = try runNPI(["train", "-o", path] + shortRun)
        #expect(trained.status == 0, "\(trained.standardError)")
        #expect(trained.standardOutput.hasPrefix("training addition, sort: "))
        #expect(trained.standardOutput.contains("held-out 9 ") || trained.standardOutput.contains("/9 ("))
        #expect(trained.standardOutput.contains("[addition ") && trained.standardOutput.contains(", sort "))
        let info = try runNPI(["info", "--model", path])
        #expect(info.standardOutput.contains("tasks       addition, sort (running addition)"))
        #expect(info.standardOutput.contains("environment sort (tasks sort): own f_enc.sort maxout 56 -> 12 x 2 pieces; programs at memory rows 8-17"))
        // The recipe is per task: a resumed run keeps it, and a changed list is refused.
        let changed = try runNPI(["train", "-o", path, "--resume", "--epochs", "3", "--count", "12"])
        #expect(changed.standardError.contains("--count 12 differs from the run being resumed (12,8)"))
        let resumed = try runNPI(["train", "-o", path, "--resume", "--epochs", "3", "--count", "12,8"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("epoch   3  loss "))
        for (task, size) in [("sort", "4"), ("addition", "2")] {
            let eval = try runNPI(["eval", "--model", path, "--task", task, "--digits", size, "--count", "3", "--json"])
            #expect(eval.status == 0, "\(eval.standardError)")
            #expect(eval.standardOutput.contains("\"size\":\(size)"))
        }
        let wrongTask = try runNPI(["eval", "--model", path, "--task", "sort-recursive", "--count", "1"])
        #expect(wrongTask.standardError.contains("the model has no task 'sort-recursive' (it has addition, sort)"))
    }

    @Test func listsAndTasksThatCannotShareAModelAreUsageErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.safetensors").path
        let cases: [([String], String)] = [
            (["--task", "sort,sort-recursive"], "tasks 'sort' and 'sort-recursive' both run in the sort environment"),
            (["--task", "addition,sort", "--count", "1,2,3"], "--count gives 3 values for 2 tasks: give one, or one per task"),
            (["--task", "addition,nope"], "unknown task 'nope'"),
            (["--task", "addition,sort", "--data", path], "--data trains one task"),
            (["--freeze-core"], "--freeze-core needs --base"),
        ]
        for (arguments, message) in cases {
            let result = try runNPI(["train", "-o", path] + arguments)
            #expect(result.status != 0)
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }
        let evalList = try runNPI(["eval", "--task", "addition,sort"])
        #expect(evalList.standardError.contains("--task names 2 tasks; only npi train takes a list"))
    }
}
