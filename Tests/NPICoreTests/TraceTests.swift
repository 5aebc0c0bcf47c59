import Foundation
import NPICore
import Testing

@Suite struct TraceTests {
    let task = CountdownTask()

    @Test func trainingCallsGroupStepsByCall() throws {
        let trace = try task.teacherTrace(for: Problem(["2"]))
        let calls = task.trainingCalls(from: trace.steps)
        #expect(calls.count == 1)
        let call = try #require(calls.first)
        #expect(call.length == 3)
        #expect(call.program == CountdownTask.countdown)
        #expect(call.targetReturn == [0, 0, 1])
        #expect(call.targetProgram == [1, 1, 0])
        // no program here reads arguments: every argument target is masked
        #expect(call.targetArguments.allSatisfy { $0 == -1 })
        // observation feature, then -1 padding for the argument slots (COUNTDOWN reads none)
        #expect(call.features == [2, -1, -1, -1, 1, -1, -1, -1, 0, -1, -1, -1])
    }

    @Test func nestedCallsBecomeSeparateSequences() throws {
        let environment = task.makeEnvironment(for: Problem(["1"]))
        let machine = Interpreter(
            task: task, environment: environment, policy: TeacherPolicy(teacher: task.teacher),
            limits: ExecutionLimits(maxDepth: 100, maxSteps: 100), root: Call(CountdownTask.nest, Arguments([2])))
        var steps: [TraceStep] = []
        while let step = try machine.step() { steps.append(step) }
        let calls = task.trainingCalls(from: steps)
        #expect(calls.map(\.length) == [1, 1, 1])
        // NEST reads one argument: its one-hot index follows the 10 observation features
        #expect(calls[0].features[1] == 10 + 2)
        #expect(calls[0].targetArguments == [1, -1, -1])
    }

    @Test func jsonRoundTripGivesTheSameSteps() throws {
        let problem = Problem(["3"])
        let trace = try task.teacherTrace(for: problem)
        let record = TraceRecord(task: task, problem: problem, steps: trace.steps, output: trace.output)
        let line = try record.jsonLine()
        let decoded = try JSONDecoder().decode(TraceRecord.self, from: Data(line.utf8))
        #expect(decoded == record)
        #expect(try decoded.traceSteps(task: task, source: "x") == trace.steps)
        #expect(line.contains("\"call\":{\"arguments\":[0,0,0],\"program\":\"DEC\"}"))
    }

    @Test func badTraceFilesNameFileAndLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let good = try TraceRecord(
            task: task, problem: Problem(["1"]), steps: task.teacherTrace(for: Problem(["1"])).steps,
            output: "0"
        ).jsonLine()
        try (good + "\n{\"task\": 3}\n").write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: NPIError.self) { try TraceRecord.readLines(path: path) }
        #expect(error?.message.hasPrefix("\(path):2:") == true)

        let renamed = good.replacingOccurrences(of: "\"DEC\"", with: "\"JUMP\"")
        try renamed.write(toFile: path, atomically: true, encoding: .utf8)
        let record = try #require(try TraceRecord.readLines(path: path).first)
        let unknown = #expect(throws: NPIError.self) { try record.traceSteps(task: task, source: "f:1") }
        #expect(unknown?.message == "f:1: step names unknown program 'JUMP'")
    }

    @Test func sizeListsParseAndRejectWithTheBadPart() throws {
        #expect(try SizeList("100").sizes == [100])
        #expect(try SizeList("1-3").sizes == [1, 2, 3])
        #expect(try SizeList("1-2,10,100").sizes == [1, 2, 10, 100])
        for bad in ["", "0", "3-1", "a", "1,,2", "-5", "1-2-3", "99999999999"] {
            let error = #expect(throws: NPIError.self) { try SizeList(bad) }
            #expect(error?.message.contains("in '\(bad)'") == true)
        }
    }

    @Test func aSizeListHoldsAtMostAsManySizesAsItsLimit() throws {
        #expect(try SizeList("1-10", limit: 10).sizes.count == 10)
        #expect(try SizeList("1-5,1-5", limit: 10).sizes.count == 10)
        let error = #expect(throws: NPIError.self) { try SizeList("1-5,1-5,3", limit: 10) }
        #expect(error?.message == "'1-5,1-5,3' holds more than 10 sizes")
        // The default limit keeps a list of a million sizes from growing a million-fold.
        let repeated = Array(repeating: "1-1000000", count: 1000).joined(separator: ",")
        let long = #expect(throws: NPIError.self) { try SizeList(repeated) }
        #expect(long?.message.hasSuffix(" holds more than 1000000 sizes") == true)
    }
}
