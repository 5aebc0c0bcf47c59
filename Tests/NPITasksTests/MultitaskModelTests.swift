// One model of several tasks (Reed & de Freitas 2016, section 4.4): which tasks can share one,
// the network's environments and program memory, the format version 2 file, and running each task.
import Foundation
import NPICore
import NPINeural
import NPITasks
import Testing

@Suite struct MultitaskModelTests {
    /// Small sizes: these tests check structure, not learning.
    func smallModel(_ tasks: [any NPITask], seed: UInt64 = 3) throws -> NPIModel {
        var configuration = try NPIModel.defaultConfiguration(for: tasks)
        configuration.coreSize = 8
        configuration.encoderSize = 6
        return try NPIModel(tasks: tasks, configuration: configuration, seed: seed)
    }

    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("npi-multitask-\(UUID().uuidString)-\(name)").path
    }

    @Test func tasksShareAModelOnlyInDifferentEnvironments() throws {
        _ = try smallModel([AdditionTask(), SortTask(recursive: true)])
        for (first, second) in [(SortTask(), SortTask(recursive: true)), (AdditionTask(recursive: true), AdditionTask())] as [(any NPITask, any NPITask)] {
            #expect(throws: NPIError.self) { try smallModel([first, second]) }
            do {
                _ = try smallModel([first, second])
            } catch {
                #expect("\(error)".contains("both run in the \(first.environmentName) environment, and neither extends the other"))
            }
        }
        #expect(throws: NPIError("task 'sort' is named twice")) { try smallModel([SortTask(), AdditionTask(), SortTask()]) }
    }

    @Test func eachEnvironmentHasItsEncoderAndItsRowsOfTheMemory() throws {
        let model = try smallModel([AdditionTask(), SortTask()])
        let environments = model.network.configuration.environments
        #expect(environments.map(\.name) == ["addition", "sort"])
        #expect(environments[0].programIDs == Array(0..<8) && environments[1].programIDs == Array(8..<18))
        #expect(model.network.configuration.programCount == 18)
        let names = model.network.parameters.map(\.name)
        #expect(Array(names.prefix(4)) == ["f_enc.addition.weight", "f_enc.addition.bias", "f_enc.sort.weight", "f_enc.sort.bias"])
        #expect(model.network.parameter(named: "f_enc.sort.weight")?.shape[1] == SortTask().encoderInputSize)
        #expect(model.task.name == "addition" && model.environmentIndex == 0)
        try model.select(taskNamed: "sort")
        #expect(model.task.name == "sort" && model.environmentIndex == 1)
        #expect(throws: NPIError("the model has no task 'max' (it has addition, sort)")) { try model.select(taskNamed: "max") }
    }

    @Test func aModelOfSeveralTasksIsWrittenAsVersionTwoAndReadBack() throws {
        let model = try smallModel([SortTask(recursive: true), AdditionTask()])
        model.summary.epochs = 2
        let path = temporaryPath("two.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.save(model, path: path)
        let metadata = try SafeTensorsFile.read(path: path).metadata
        #expect(metadata["format_version"] == "2" && metadata["task"] == nil)
        #expect(metadata["tasks"] == #"["sort-recursive","addition"]"#)
        #expect(metadata["environments"] == #"{"addition":["addition"],"sort":["sort-recursive"]}"#)
        #expect(metadata["programs"]?.hasPrefix(#"{"addition":{"programs":[{"arity":0"#) == true)
        let loaded = try ModelFile.load(path: path, tasks: TaskRegistry.named)
        #expect(loaded.tasks.map(\.name) == ["sort-recursive", "addition"])
        #expect(loaded.summary.epochs == 2 && loaded.verifiedChecksum != nil)
        for (saved, read) in zip(model.network.parameters, loaded.network.parameters) {
            #expect(saved.name == read.name && saved.value == read.value)
        }
        // A single-task model keeps format version 1 and its plain f_enc.
        let single = NPIModel(task: AdditionTask(), seed: 1)
        try ModelFile.save(single, path: path)
        let singleMetadata = try SafeTensorsFile.read(path: path).metadata
        #expect(singleMetadata["format_version"] == "1" && singleMetadata["task"] == "addition")
        #expect(!singleMetadata["configuration"]!.contains("environments"))
        #expect(try SafeTensorsFile.read(path: path).tensors.first?.name == "f_enc.weight")
    }

    @Test func aFileWhoseTablesOrSizesDoNotFitItsTasksIsRefused() throws {
        let model = try smallModel([AdditionTask(), SortTask()])
        let path = temporaryPath("edited.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.save(model, path: path)
        let file = try SafeTensorsFile.read(path: path)
        func refuses(_ key: String, _ edit: (String) -> String, saying message: String) throws {
            var edited = file
            edited.metadata[key] = edit(file.metadata[key]!)
            try edited.addingChecksum().write(path: path)
            #expect(throws: NPIError("\(path): \(message)")) { try ModelFile.load(path: path, tasks: TaskRegistry.named) }
        }
        try refuses("tasks", { $0.replacingOccurrences(of: "\"sort\"", with: "\"sort\",\"sort-recursive\"") }, saying: "tasks 'sort' and 'sort-recursive' both run in the sort environment, and neither extends the other: a model holds one task per environment, besides tasks that add programs to it (max extends sort)")
        try refuses("environments", { _ in #"{"addition":["addition"],"sort":[]}"# }, saying: "'environments' does not group the tasks as this npi does (addition: addition; sort: sort)")
        try refuses("tasks", { _ in "[\"addition\"]" }, saying: "'tasks' names 1 tasks; a version 2 file names 2 to 64")
        try refuses("programs", { $0.replacingOccurrences(of: "BUBBLESORT", with: "BUBBLE_SORT") }, saying: "the model's program table of the sort environment differs from this npi's (tasks sort); retrain the model")
        try refuses("configuration", { $0.replacingOccurrences(of: "[8,9,10,11,12,13,14,15,16,17]", with: "[8,9,10,11,12,13,14,15,16,16]") }, saying: "configuration.environments[1].programIDs is not valid")
        try refuses("configuration", { $0.replacingOccurrences(of: "\"name\":\"sort\"", with: "\"name\":\"sorting\"") }, saying: "the model's input or program sizes do not fit tasks 'addition, sort'")
    }

    @Test func eachTaskRunsInItsEnvironmentAndTeacherForcingReadsItsTable() throws {
        let model = try smallModel([AdditionTask(), SortTask()])
        for task in model.tasks {
            let problems = [task.exampleProblem, try task.parseProblem(task.exampleProblem.words.reversed())]
            let results = BatchedEvaluator(model: model, task: task).run(problems)
            #expect(results.count == 2 && results.allSatisfy { $0.steps > 0 })
            var calls = try TrainingData.calls(task: task, problems: problems)
            for index in calls.indices { calls[index].environment = model.environmentIndex(of: task) }
            for batch in CallBatches(calls: calls, batchSize: 8).inOrder(size: 8) {
                #expect(batch.environment == model.environmentIndex(of: task))
                let steps = model.teacherForcedSteps(batch)
                #expect(steps.allSatisfy { $0.allSatisfy { $0.model.confidence?.programProbabilities.count == task.programs.count } })
            }
        }
    }

    @Test func maxAddsTwoRowsToTheSortEnvironmentAndEverythingElseIsTheBase() throws {
        let base = try smallModel([AdditionTask(), SortTask()])
        let extended = try NPIModel.extending(base, with: MaxTask(), seed: 9)
        #expect(extended.tasks.map(\.name) == ["addition", "sort", "max"])
        let environments = extended.network.configuration.environments
        #expect(environments[1].programIDs == Array(8..<18) + [18, 19])
        #expect(extended.network.configuration.programCount == 20)
        // Sort, in the extended model, runs with the environment's table: RJMP and MAX can be
        // chosen (wrongly) while sorting, and the interpreter can name them.
        try extended.select(taskNamed: "sort")
        #expect(extended.task.programs.count == 12 && extended.task.programs[11].name == "MAX")
        for (old, new) in zip(base.network.parameters, extended.network.parameters) {
            #expect(old.name == new.name)
            #expect(Array(new.value.prefix(old.count)) == old.value, "\(new.name) differs from the base")
            #expect(new.count == old.count || ["program_embedding.weight", "program_keys.weight", "program_keys.bias"].contains(new.name))
        }
        // A single-task sort model's encoder becomes f_enc.sort, with the same values.
        let sortOnly = NPIModel(task: SortTask(), configuration: try NPIModel.defaultConfiguration(for: [SortTask()]), seed: 4)
        let sortAndMax = try NPIModel.extending(sortOnly, with: MaxTask(), seed: 4)
        #expect(sortAndMax.network.parameters[0].name == "f_enc.sort.weight")
        #expect(sortAndMax.network.parameters[0].value == sortOnly.network.parameters[0].value)
        #expect(throws: NPIError("the model already has task 'sort'")) { try NPIModel.extending(base, with: SortTask(), seed: 1) }
        #expect(throws: NPIError("task 'max' adds programs to task 'sort', which the model does not have (it has addition)")) {
            try NPIModel.extending(NPIModel(task: AdditionTask(), seed: 1), with: MaxTask(), seed: 1)
        }
        #expect(throws: NPIError("task 'sort-recursive' adds programs to no task, which the model does not have (it has addition, sort)")) {
            try NPIModel.extending(base, with: SortTask(recursive: true), seed: 1)
        }
    }

    @Test func trainingWithTheCoreFrozenChangesOnlyTheNewProgramsRows() throws {
        let base = try smallModel([AdditionTask(), SortTask()])
        let model = try NPIModel.extending(base, with: MaxTask(), seed: 9)
        let max = model.tasks[2]
        let problems = [Problem(["3", "1", "2"]), Problem(["5", "9"]), Problem(["7"])]
        var calls = try TrainingData.calls(task: max, problems: problems)
        for index in calls.indices { calls[index].environment = model.environmentIndex(of: max) }
        var options = TrainingOptions()
        options.batchSize = 4
        let trainer = Trainer(
            model: model, calls: calls, checks: [TaskChecks(task: max, heldOut: problems)], options: options)
        model.optimizer!.trainableEntries = model.trainableEntries(fromProgram: 18)
        let before = model.network.parameters.map(\.value)
        _ = trainer.runEpoch()
        for (parameter, old) in zip(model.network.parameters, before) {
            switch parameter.name {
            case "program_embedding.weight", "program_keys.weight", "program_keys.bias":
                let width = parameter.count / parameter.shape[0]
                #expect(Array(parameter.value.prefix(18 * width)) == Array(old.prefix(18 * width)), "\(parameter.name)'s old rows moved")
                #expect(parameter.value.suffix(2 * width) != old.suffix(2 * width), "\(parameter.name)'s new rows did not train")
            default:
                #expect(parameter.value == old, "\(parameter.name) changed")
            }
        }
        // Every tensor but those rows is the base model's, bit for bit.
        for (parameter, baseParameter) in zip(model.network.parameters, base.network.parameters) {
            #expect(Array(parameter.value.prefix(baseParameter.count)) == baseParameter.value)
        }
    }
}

