// The hand-written addition algorithm whose traces the model learns (Reed & de Freitas 2016,
// section 4.1), in keras_npi's form: plans are made from one observation and refilled when empty.
import NPICore

/// Plans each addition program's steps from the symbols under the pointers.
///
/// Convention "return after the call": a decision's `returns` means the program returns once
/// that step's call completes. Because a plan is refilled only when empty, ADD1 decides both its
/// WRITE and its CARRY from the one observation it starts with.
///
/// The recursive variant (Cai, Shin & Song 2017, figure 1) replaces ADD's loop by a tail call:
/// ADD1, LSHIFT, then ADD again, returning once that call returns.
public struct AdditionTeacher: NPITeacher {
    /// Whether ADD calls itself for the next column instead of looping.
    public let recursive: Bool

    public init(recursive: Bool = false) { self.recursive = recursive }

    /// The next decisions of `call`, from the environment's current observation.
    ///
    /// Only composite programs are planned; NOP and the primitives never run a core step.
    public func plan(for call: Call, environment: any NPIEnvironment) -> [Decision] {
        guard let program = AdditionProgram(rawValue: call.program) else {
            preconditionFailure("program id \(call.program) is not an addition program")
        }
        switch program {
        case .add:
            return planAdd(AdditionObservation(environment.observation()))
        case .add1:
            return planAdd1(AdditionObservation(environment.observation()))
        case .carry:
            return [
                step(AdditionCall.movePointer(.carry, .left)),
                step(AdditionCall.write(.carry, 1)),
                step(AdditionCall.movePointer(.carry, .right), returns: true),
            ]
        case .leftShift:
            return shiftAll(.left)
        case .rightShift:
            return shiftAll(.right)
        case .nop, .movePointer, .write:
            preconditionFailure("\(program.spec.name) is not composite; the teacher plans only composite calls")
        }
    }

    // MARK: - Programs

    /// ADD: done (NOP and return) once in1, in2 and carry are all blank; otherwise one column,
    /// and when recursive, ADD on the rest.
    private func planAdd(_ observation: AdditionObservation) -> [Decision] {
        if observation.isDone {
            return [Decision(call: nil, returns: true)]
        }
        if recursive {
            return [step(AdditionCall.add1), step(AdditionCall.leftShift), step(AdditionCall.add, returns: true)]
        }
        return [step(AdditionCall.add1), step(AdditionCall.leftShift)]
    }

    /// ADD1: write the column's digit, then CARRY if the column sum is 10 or more.
    private func planAdd1(_ observation: AdditionObservation) -> [Decision] {
        let sum = observation.columnSum
        if sum <= 9 {
            return [step(AdditionCall.write(.out, sum), returns: true)]
        }
        return [step(AdditionCall.write(.out, sum % 10)), step(AdditionCall.carry, returns: true)]
    }

    private func shiftAll(_ direction: PointerDirection) -> [Decision] {
        ScratchpadRow.allCases.map { row in
            step(AdditionCall.movePointer(row, direction), returns: row == ScratchpadRow.allCases.last)
        }
    }

    private func step(_ call: Call, returns: Bool = false) -> Decision {
        Decision(call: call, returns: returns)
    }
}

// MARK: - Observation

/// The four symbols under the pointers, read as addition needs them.
struct AdditionObservation {
    var in1: Int
    var in2: Int
    var carry: Int
    var out: Int

    init(_ symbols: [Int]) {
        precondition(symbols.count == 4, "an addition observation has 4 symbols, got \(symbols.count)")
        (in1, in2, carry, out) = (symbols[0], symbols[1], symbols[2], symbols[3])
    }

    /// Nothing left to add: the inputs and the carry are blank in this column.
    var isDone: Bool {
        in1 == AdditionEnvironment.blank && in2 == AdditionEnvironment.blank
            && carry == AdditionEnvironment.blank
    }

    /// in1 + in2 + carry, a blank counting as 0.
    var columnSum: Int {
        [in1, in2, carry].reduce(0) { $0 + ($1 == AdditionEnvironment.blank ? 0 : $1) }
    }
}
