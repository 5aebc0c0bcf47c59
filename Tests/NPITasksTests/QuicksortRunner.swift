// The sort tests' runner (`SortRunner`) for the quicksort teacher: summaries and cases of a run
// through NPICore's Interpreter.
import NPICore
import NPITasks

extension SortRunner where Case == QuicksortCase {
    /// A runner of a quicksort task's teacher.
    init(task: QuicksortTask, recordsCases: Bool = true, recordsDecisions: Bool = false) {
        self.init(
            task: task, caseOf: QuicksortCase.init(program:stepInCall:observation:), recordsCases: recordsCases,
            recordsDecisions: recordsDecisions)
    }
}
