// `view`: the current problem's executions, the model's beside the teacher's, as an HTML page.
import Foundation
import NPICore
import NPIView
import SafeTensors

extension Session {
    /// `view [--overwrite] [FILE]`: runs the model on the current problem from the start to its
    /// end (the steps `force` forced take the teacher's decision again), beside the teacher, and
    /// writes the page; an existing file is kept unless `overwrite`.
    func saveView(path: String?, overwrite: Bool) throws {
        let model = try requireModel()
        let problem = try requireProblem()
        let path = path ?? defaultViewFile(for: problem)
        let resolved = expandedPath(path)
        if !overwrite, FileManager.default.fileExists(atPath: resolved) {
            throw ShellError("\(shorten(path)) exists; 'view --overwrite \(shorten(path))' replaces it")
        }
        let recorded = try ExecutionComparison.record(
            model: model, problem: problem, modelPath: modelPath ?? "", returnThreshold: settings.alpha,
            limits: limits(for: problem), forcedSteps: forcedSteps, cache: stepCache, shouldStop: takeInterrupt)
        guard let comparison = recorded else {
            output.message("interrupted: \(shorten(path)) was not written")
            return
        }
        let curves = model.history.isEmpty ? [] : [TrainingCurves.section(for: model.history)]
        try AtomicFile.write(Data(try ViewPage.html(for: comparison, sections: curves).utf8), to: resolved)
        output.message("wrote \(EchoedText.escapeLine(path)): \(comparison.summary)")
    }

    /// `npi-view-addition-128-256.html`: the task and the problem in its notation (short for a
    /// long problem), every run of other characters than letters and digits made one `-`.
    func defaultViewFile(for problem: Problem) -> String {
        var name = "npi-view-" + task.name
        var pendingDash = true
        for character in task.notation(of: problem) {
            if character.isASCII && (character.isLetter || character.isNumber) {
                if pendingDash { name.append("-") }
                name.append(character)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return name + ".html"
    }
}
