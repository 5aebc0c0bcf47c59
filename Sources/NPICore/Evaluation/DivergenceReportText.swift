// A divergence report as a table for people (`npi eval --diff`, the shell's `eval --diff`);
// `npi eval --diff --json` writes it as JSON (Sources/npi/DivergenceReportJSON.swift).
import Foundation

extension DivergenceReport {
    /// The table: per running program its steps and how many differ, by kind (an argument
    /// column counts steps that call the teacher's program with another value in that slot);
    /// then, per program, the places where the model most often decides differently (at most
    /// `placesPerProgram`).
    public func lines(task: any NPITask, placesPerProgram: Int = 3) -> [String] {
        let programs = task.programs
        let argumentSlots = programs.programs.map(\.arity).max() ?? 0
        let share = steps == 0 ? 0 : 100 * Double(differing) / Double(steps)
        var lines = [
            "teacher-forced on \(problems) problem\(problems == 1 ? "" : "s"): \(steps) steps, \(differing) decided differently (\(String(format: "%.2f", share))%)"
        ]
        let nameWidth = max(7, counts.map { programs[$0.program].name.count }.max() ?? 0)
        var header = "program".padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            + column("steps") + column("differ") + column("return") + column("program")
        for slot in 0..<argumentSlots { header += column("arg \(slot + 1)") }
        lines.append(header)
        for tally in counts {
            var line = programs[tally.program].name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                + column(String(tally.steps)) + column(String(tally.differing)) + column(String(tally.returnFlag))
                + column(String(tally.programChoice))
            for slot in 0..<argumentSlots { line += column(String(tally.arguments[slot])) }
            lines.append(line)
        }
        guard !hotspots.isEmpty else { return lines }
        lines.append("where the model decides differently most often:")
        for tally in counts {
            for place in hotspots.filter({ $0.running.program == tally.program }).prefix(placesPerProgram) {
                lines.append("  " + describe(place, task: task))
            }
        }
        return lines
    }

    /// `ADD1 on in1 7, in2 7, carry 1, out _: teacher WRITE(1,5), 12 of 40 differ; model WRITE(1,4) 12`
    public func describe(_ place: Hotspot, task: any NPITask) -> String {
        "\(task.programs.describe(place.running)) on \(task.describeObservation(place.observation)): teacher \(place.teacher),"
            + " \(place.differing) of \(place.occurrences) differ; model \(place.modelChoice) \(place.modelChoiceCount)"
    }
}

/// `text` right-aligned in a column of 9.
private func column(_ text: String) -> String {
    String(repeating: " ", count: max(1, 9 - text.count)) + text
}
