// A divergence report as JSON for programs: `npi eval --diff --json`, one object per program.
import NPICore

extension DivergenceReport {
    /// One JSON object per running program: `program`, `steps`, `differing`, `return`,
    /// `program_choice`, `arguments` (per argument slot of the called programs) and `places`
    /// (every place where it differs, most first).
    func jsonLines(task: any NPITask) throws -> [String] {
        let programs = task.programs
        return try counts.map { tally in
            let places = hotspots.filter { $0.running.program == tally.program }.map { place in
                PlaceJSON(
                    call: programs.describe(place.running), observation: place.observation,
                    observation_text: task.describeObservation(place.observation), teacher: place.teacher,
                    occurrences: place.occurrences, differing: place.differing, model: place.modelChoice,
                    model_count: place.modelChoiceCount)
            }
            let object = ProgramJSON(
                program: programs[tally.program].name, steps: tally.steps, differing: tally.differing,
                return: tally.returnFlag, program_choice: tally.programChoice,
                arguments: Array(tally.arguments.prefix(programs.programs.map(\.arity).max() ?? 0)), places: places)
            return try JSONOutput.line(object)
        }
    }

    private struct ProgramJSON: Encodable {
        var program: String
        var steps: Int
        var differing: Int
        var `return`: Int
        var program_choice: Int
        var arguments: [Int]
        var places: [PlaceJSON]
    }

    private struct PlaceJSON: Encodable {
        var call: String
        var observation: [Int]
        var observation_text: String
        var teacher: String
        var occurrences: Int
        var differing: Int
        var model: String
        var model_count: Int
    }
}
