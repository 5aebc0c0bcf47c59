// Target (a): safetensors bytes through the decoder, then through every check a model file
// gets on load; a file that loads must run.
import Foundation
import NPICore
import NPITasks
// SafeTensorsFile is moving to a target of its own; this line finds it there once it has.
#if canImport(SafeTensors)
import SafeTensors
#endif

public struct SafeTensorsTarget: FuzzTarget {
    public init() {}

    public func run(_ input: Data) {
        if let file = try? SafeTensorsFile.decode(input, source: "input.safetensors") {
            // Oracle: what was read, written and read again, is the same file.
            let reread: SafeTensorsFile
            do { reread = try SafeTensorsFile.decode(file.encoded(), source: "re-encoded") } catch {
                fail("a decoded file does not decode after encoding: \(error)")
            }
            guard reread == file else { fail("a decoded file changes when encoded and decoded again") }
        }
        guard let model = try? ModelFile.load(bytes: input, source: "input.safetensors", tasks: TaskRegistry.named)
        else { return }
        // Whatever load accepts, the network can run: a few steps of the task's example problem.
        let task = model.task
        let problem = task.exampleProblem
        let run = Interpreter(
            task: task, environment: task.makeEnvironment(for: problem), policy: ModelPolicy(model: model),
            limits: task.executionLimits(for: problem))
        for _ in 0..<5 { guard (try? run.step()) != nil else { break } }
    }

    public func seeds() throws -> [(name: String, bytes: Data)] {
        var seeds: [(name: String, bytes: Data)] = []
        for (index, task) in TaskRegistry.all.enumerated() {
            seeds.append(("model-\(task.name).safetensors", try TinyModel.bytes(of: TinyModel.make(for: task))))
            if index == 0 {  // one with Adam's moments and settings beside the weights
                seeds.append((
                    "model-\(task.name)-optimizer.safetensors",
                    try TinyModel.bytes(of: TinyModel.make(for: task, optimizer: true))))
            }
        }
        // Models of several tasks (format version 2), one of them extended with max.
        let multitask = try TinyModel.make(for: [AdditionTask(), SortTask()])
        seeds.append(("model-addition-sort.safetensors", try TinyModel.bytes(of: multitask)))
        seeds.append((
            "model-addition-sort-max.safetensors",
            try TinyModel.bytes(of: NPIModel.extending(multitask, with: MaxTask(), seed: 7))))
        // Files that are valid safetensors but not models: the format's corners.
        var file = SafeTensorsFile()
        seeds.append(("empty.safetensors", file.encoded()))
        file.metadata = ["format": "npi-model", "note": "tab\there, quote \" and é"]
        file.append(name: "scalar", shape: [], values: [1.5])
        file.append(name: "none", shape: [0, 3], values: [])
        file.append(name: "matrix", shape: [2, 3], values: [0, -0.0, .leastNonzeroMagnitude, -.greatestFiniteMagnitude, 7, 0.25])
        seeds.append(("corners.safetensors", file.encoded()))
        // As other writers leave them: whitespace, keys out of order, escapes, header padding.
        let header = #" { "b\u00e9" : {"shape":[1], "data_offsets":[0,4] ,"dtype":"F32"}, "__metadata__":{"k":"v"} }   "#
        var handWritten = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { handWritten.append(contentsOf: $0) }
        handWritten.append(contentsOf: Array(header.utf8) + [0, 0, 0x80, 0x3F])
        seeds.append(("hand-written.safetensors", handWritten))
        return seeds
    }

    public var dictionary: [String] {
        [
            #""dtype""#, #""shape""#, #""data_offsets""#, #""F32""#, #""F16""#, #""__metadata__""#,
            "\"" + ModelFile.format + "\"", #""format""#, #""format_version""#, #""task""#, #""programs""#,
            #""configuration""#, #""training""#, #""optimizer""#, "optimizer.exp_avg.", "optimizer.exp_avg_sq.",
            #""tasks""#, #""environments""#, #""2""#, "f_enc.addition.", "f_enc.sort.",
            "core.0.weight_ih", "\\u0000", "\\ud800", "1e999", "-0", "18446744073709551615",
            "9223372036854775807", "\0\0\0\0\0\0\0\0",
        ]
            // Inside the metadata's JSON strings: the network's sizes and Adam's settings.
            + ["observationFeatureCount", "maxActiveFeatures", "argumentCount", "argumentDepth", "encoderSize",
               "maxoutPieces", "programCount", "programEmbeddingSize", "coreSize", "coreLayers", "keySize",
               "learningRate", "clipNorm", "step", "environments", "programIDs", "name"].map { "\\\"\($0)\\\":" }
            + TaskRegistry.all.map { "\"\($0.name)\"" }
    }
}
