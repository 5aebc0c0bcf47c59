// What a trained model file holds that the run determines, for comparing two runs: every tensor
// and the metadata, without the history's timings (the machine's) and so without the checksum.
import Foundation
import SafeTensors
import Testing

struct ReproducibleContents: Equatable {
    /// Every tensor, by name.
    var tensors: [String: [Float]]
    /// The metadata without `checksum`, with `training_history` as its points' text.
    var metadata: [String: String]
    /// The training history's points without `seconds` and `stepsPerSecond`, as sorted-key JSON.
    var history: [String]

    /// Whether the history's seconds never go back.
    let secondsInOrder: Bool

    init(of path: String) throws {
        let file = try SafeTensorsFile.read(path: path)
        tensors = Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.name, $0.values) })
        var metadata = file.metadata
        metadata["checksum"] = nil
        let points = try metadata.removeValue(forKey: "training_history").map { text in
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        } ?? []
        self.metadata = metadata
        let seconds = points.compactMap { $0["seconds"] as? Double }
        secondsInOrder = seconds.count == points.count && seconds == seconds.sorted()
        history = try points.map { point in
            let kept = point.filter { $0.key != "seconds" && $0.key != "stepsPerSecond" }
            return String(decoding: try JSONSerialization.data(withJSONObject: kept, options: .sortedKeys), as: UTF8.self)
        }
    }

    static func == (a: Self, b: Self) -> Bool {
        a.tensors == b.tensors && a.metadata == b.metadata && a.history == b.history
    }
}
