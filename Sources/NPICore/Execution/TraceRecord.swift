// The JSON Lines schema of traces, shared by `npi data`, `trace save` and `npi train --data`.
import Foundation

/// One problem's execution trace: a line of a `.jsonl` trace file.
public struct TraceRecord: Codable, Equatable, Sendable {
    public var task: String
    public var problem: [String]
    public var expected: String
    public var output: String
    public var steps: [Step]

    /// One core step, named as the README documents it.
    public struct Step: Codable, Equatable, Sendable {
        /// 1-based step number.
        public var step: Int
        /// Depth of the running call (the root call is 0).
        public var depth: Int
        /// A number unique to the call instance; the steps of one call share it.
        public var frame: Int
        public var program: String
        public var arguments: [Int]
        public var observation: [Int]
        /// The end flag: the program returns after this step's call completes.
        public var returns: Bool
        /// The call this step makes; nil when it calls nothing (NOP).
        public var call: CallRecord?
        /// The model's return probability (model traces only).
        public var returnProbability: Double?
        /// The model's probability of the program it chose (model traces only).
        public var callProbability: Double?
        /// The model's probability of each argument value the call reads, in slot order
        /// (model traces only; empty for a call that reads none).
        public var argumentProbabilities: [Double]?
        /// The model's probability of the whole decision: `callProbability` times each of
        /// `argumentProbabilities` (model traces only; the step line's `p=`).
        public var decisionProbability: Double?
        /// True when the shell's `force` imposed the teacher's decision here; absent otherwise.
        public var forced: Bool?
    }

    public struct CallRecord: Codable, Equatable, Sendable {
        public var program: String
        public var arguments: [Int]
    }
}

extension TraceRecord {
    /// The record of `steps` executed by `task` on `problem`.
    public init(task: any NPITask, problem: Problem, steps: [TraceStep], output: String) {
        let programs = task.programs
        self.task = task.name
        self.problem = problem.words
        self.expected = task.expectedOutput(for: problem)
        self.output = output
        self.steps = steps.map { step in
            let chosen = step.decision.call.map {
                CallRecord(program: programs[$0.program].name, arguments: $0.arguments.values)
            }
            let confidence = step.decision.confidence
            let target = step.decision.call ?? Call(programs.nopID)
            let argumentProbabilities = confidence.map { confidence in
                (0..<programs[target.program].arity).map { confidence.argumentProbabilities[$0][target.arguments[$0]] }
            }
            return Step(
                step: step.number, depth: step.depth, frame: step.frameID,
                program: programs[step.current.program].name,
                arguments: step.current.arguments.values, observation: step.observation,
                returns: step.decision.returns, call: chosen,
                returnProbability: confidence?.returnProbability,
                callProbability: confidence?.programProbabilities[target.program],
                argumentProbabilities: argumentProbabilities,
                decisionProbability: confidence?.probability(of: step.decision, programs: programs),
                forced: step.forced ? true : nil)
        }
    }

    /// One line of JSON (no trailing newline), keys sorted so files are reproducible.
    public func jsonLine() throws -> String { try JSONOutput.line(self) }

    /// Reads a JSON Lines trace file; errors name the file and line.
    public static func readLines(path: String) throws -> [TraceRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NPIError("\(path): cannot read the file")
        }
        return try decodeLines(data, source: path)
    }

    /// Decodes the lines of a JSON Lines trace file held in memory; errors name `source` and the line.
    public static func decodeLines(_ data: Data, source path: String) throws -> [TraceRecord] {
        let decoder = JSONDecoder()
        var records: [TraceRecord] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
            do {
                records.append(try decoder.decode(TraceRecord.self, from: Data(line)))
            } catch {
                throw NPIError("\(path):\(lineNumber): not a trace record (\(describe(error)))")
            }
        }
        return records
    }
}

/// A short, one-line description of a decoding error.
private func describe(_ error: Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return "wrong type at '\(path)'"
    case DecodingError.dataCorrupted: return "invalid JSON"
    default: return "\(error)"
    }
}
