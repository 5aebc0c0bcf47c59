// The JSON object a viewer page embeds: what the page's script draws. Steps are many (10,000
// for a 1,000-digit sum), so their keys are short and repeated texts are numbered once.
import NPICore

/// Everything the page shows, encoded once with `JSONOutput`'s encoder.
struct ViewData: Encodable {
    var task: String
    /// The problem in the task's notation (`128 + 256`), short however long the problem.
    var problem: String
    var expected: String
    var modelPath: String
    /// α, the return threshold, and as the shell writes it (`0.5`, `1.0`).
    var alpha: Double
    var alphaText: String
    /// Probabilities are integers in units of `probabilityScale` (0.0001): `why`'s four decimals.
    var probabilityScale: Int
    /// Depths drawn indented; deeper steps show their depth instead (as the shell's step lines).
    var maxIndentedDepth: Int
    var programs: [Program]
    /// Every call the steps mention, each once; steps refer to them by index.
    var calls: [CallText]
    /// Every observation the steps read, in words, each once; steps refer to them by index.
    var observations: [String]
    var model: Execution
    var teacher: Execution
    /// The model step that first decided differently from the teacher (followed beside it).
    var leftTeacherAt: Int?
    /// `diff`'s result.
    var divergence: Divergence
    /// `diff --all`'s result.
    var teacherForced: TeacherForced

    struct Program: Encodable {
        var name: String
        var kind: String
        var arity: Int
    }

    /// A call as `ProgramTable.describe` writes it, with its program and the arguments it reads.
    struct CallText: Encodable {
        var text: String
        var program: Int
        var arguments: [Int]
    }

    struct Execution: Encodable {
        /// The root call (an index into `calls`).
        var root: Int
        var steps: [Step]
        var output: String
        var finished: Bool
        /// Why it stopped early, in the shell's words.
        var failure: String?
        /// The step decided but not carried out, if that stopped it.
        var failedStep: Step?
        /// The environment before the first step.
        var grid: EnvironmentGrid
    }

    /// One core step.
    struct Step: Encodable {
        var depth: Int
        /// The running call (an index into `calls`).
        var running: Int
        /// The call made (an index into `calls`; NOP's when it calls nothing).
        var call: Int
        /// True when the running program returns after the call; absent otherwise.
        var returns: Bool?
        /// What it read (an index into `observations`).
        var observation: Int
        /// True when `force` gave the step the teacher's decision; absent otherwise.
        var forced: Bool?
        /// The model's decision and probabilities (model steps only).
        var model: Decision?
        /// Cells the step changed: `[row, column, value]`; absent when none.
        var cells: [[Int]]?
        /// Pointers the step moved: `[pointer, row, column]`; absent when none.
        var pointers: [[Int]]?

        enum CodingKeys: String, CodingKey {
            case depth = "d", running = "s", call = "c", returns = "x", observation = "o", forced = "f"
            case model = "m", cells = "g", pointers = "q"
        }
    }

    /// The model's own decision at a step, with what `why` shows of it.
    struct Decision: Encodable {
        /// The call it chose (an index into `calls`) and its return flag.
        var call: Int
        var returns: Bool
        /// The return probability.
        var returnProbability: Int
        /// The probability of each program.
        var programProbabilities: [Int]
        /// Each argument head's probability of each value, for the heads a program can read.
        var argumentProbabilities: [[Int]]
        /// The probability of the decision as a whole (`p`).
        var probability: Int
        /// `why`'s lines on the teacher's decision (`teacher ...`, `lost ...`) and a forced
        /// decision (`forced ...`), where the teacher decided differently or the step was forced.
        var explanation: [String]?

        enum CodingKeys: String, CodingKey {
            case call = "c", returns = "x", returnProbability = "r", programProbabilities = "P"
            case argumentProbabilities = "A", probability = "p", explanation = "e"
        }
    }

    /// The first divergence as `diff` prints it.
    struct Divergence: Encodable {
        /// The diverging step, nil when the model follows the teacher to the end.
        var step: Int?
        var agreedSteps: Int
        /// `diff`'s lines, word for word.
        var lines: [String]
    }

    /// Every teacher-forced disagreement, as `diff --all` counts them.
    struct TeacherForced: Encodable {
        var steps: Int
        /// `diff --all`'s last line (`3 of 26 steps disagree: ADD 1, ADD1 2`).
        var summary: String
        var disagreements: [Disagreement]
    }

    /// A teacher step where the model, fed the teacher's state, decides differently.
    struct Disagreement: Encodable {
        var step: Int
        var model: Decision
    }
}
