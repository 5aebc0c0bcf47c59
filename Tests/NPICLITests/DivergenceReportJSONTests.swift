// `npi eval --diff --json`'s objects against the report they come from: one per program, with
// its counts and every place it differs (the keys themselves are checked in JSONOutputTests).
import Foundation
import NPICore
import NPINeural
import NPITasks
import Testing
@testable import npi

@Suite struct DivergenceReportJSONTests {
    @Test func jsonNamesEveryProgramAndPlace() throws {
        let model = try ModelFile.load(path: JSONOutputTests.undertrained, tasks: TaskRegistry.named)
        let task = AdditionTask()
        var generator = SeededGenerator(seed: 3)
        let problems = (0..<20).map { _ in task.randomProblem(sizes: 1...5, using: &generator) }
        let report = try #require(try DivergenceStatistics(model: model).run(problems))
        let json = try report.jsonLines(task: model.task)
        #expect(json.count == report.counts.count)
        for (line, tally) in zip(json, report.counts) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["program"] as? String == model.task.programs[tally.program].name)
            #expect(object["differing"] as? Int == tally.differing)
            #expect((object["places"] as? [Any])?.count == report.hotspots.filter { $0.running.program == tally.program }.count)
        }
    }
}
