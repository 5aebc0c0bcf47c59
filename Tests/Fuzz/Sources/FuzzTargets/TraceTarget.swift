// Target (c): JSON Lines traces through the reader, then through what `npi train --data`
// makes of each record: checked steps, teacher-forced calls, batches, and a tiny model's loss.
import Foundation
import NPICore
import NPITasks

public struct TraceTarget: FuzzTarget {
    /// A tiny model per task name, whose loss every batch of a valid trace is run through.
    private let models: [String: NPIModel]

    public init() {
        models = Dictionary(uniqueKeysWithValues: TaskRegistry.all.map { ($0.name, TinyModel.make(for: $0)) })
    }

    public func run(_ input: Data) {
        guard let records = try? TraceRecord.decodeLines(input, source: "input.jsonl") else { return }
        for record in records {
            // Oracle: a record read from a line, written as a line (when it can be: JSON has no
            // infinity) reads back equal.
            if let line = try? record.jsonLine() {
                guard let reread = try? TraceRecord.decodeLines(Data(line.utf8), source: "re-encoded"),
                    reread == [record]
                else { fail("a trace record changes when written and read again: \(line)") }
            }
            guard let task = try? TaskRegistry.named(record.task),
                let steps = try? record.traceSteps(task: task, source: "input.jsonl:1")
            else { continue }
            let calls = task.trainingCalls(from: steps)
            _ = try? task.parseProblem(record.problem)
            let network = models[task.name]!.network
            let batches = CallBatches(calls: calls, batchSize: 4)
            for batch in batches.inOrder(size: 4) { _ = network.loss(batch) }
        }
    }

    /// One teacher trace of each task, as `npi data` writes them, and a file of several lines.
    public func seeds() throws -> [(name: String, bytes: Data)] {
        var seeds: [(name: String, bytes: Data)] = []
        var all = ""
        for task in TaskRegistry.all {
            let problem = task.exampleProblem
            let trace = try task.teacherTrace(for: problem)
            let line = try TraceRecord(task: task, problem: problem, steps: trace.steps, output: trace.output).jsonLine()
            seeds.append(("\(task.name).jsonl", Data((line + "\n").utf8)))
            all += line + "\r\n\n"
        }
        seeds.append(("all.jsonl", Data(all.utf8)))
        return seeds
    }

    public var dictionary: [String] {
        ["task", "problem", "expected", "output", "steps", "step", "depth", "frame", "program", "arguments",
         "observation", "returns", "call", "returnProbability", "callProbability", "argumentProbabilities",
         "decisionProbability", "forced"].map { "\"\($0)\":" }
            + ["true", "false", "null", "1e308", "-1", "9223372036854775807", "\\u0000", "\\ud83d\\ude00"]
            + TaskRegistry.all.flatMap { ["\"\($0.name)\""] + $0.programs.programs.map { "\"\($0.name)\"" } }
    }
}
