// Finds the models shipped in Samples/models.
//
// The executable remembers its source tree (`#filePath`), so every build of npi finds the
// models of the checkout it was built from; NPI_MODELS overrides the folder for an installed copy.
import Foundation
import NPICore

enum ShippedModels {
    /// The folder holding the shipped models.
    static var folder: String {
        if let override = ProcessInfo.processInfo.environment["NPI_MODELS"], !override.isEmpty {
            return override
        }
        let source = URL(fileURLWithPath: #filePath)  // <root>/Sources/npi/ShippedModels.swift
        let root = source.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent("Samples/models").path
    }

    /// The path of the shipped model for `task` (`Samples/models/TASK.safetensors`).
    static func path(forTask task: String) throws -> String {
        let path = (folder as NSString).appendingPathComponent("\(task).safetensors")
        guard FileManager.default.fileExists(atPath: path) else {
            throw NPIError(
                "no shipped model for task '\(task)' at \(path); give one with --model PATH or set NPI_MODELS to the folder of the shipped models"
            )
        }
        return path
    }
}
