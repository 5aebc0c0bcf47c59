// `npi info`: what a model file holds.
import ArgumentParser
import Foundation
import NPICore
import NPITasks

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a model: task, programs, sizes, parameter count and training summary.")

    @Option(help: "The model file (default: the shipped model of --task).") var model: String?
    @OptionGroup(title: "The shipped model to describe when --model is not given")
    var taskOptions: TaskOptions

    func run() throws {
        let path = try model ?? ShippedModels.path(forTask: taskOptions.resolve().name)
        let loaded = try ModelFile.load(path: path, tasks: TaskRegistry.named)
        print(ModelDescription.text(of: loaded, path: path))
    }
}
