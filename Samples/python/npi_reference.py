#!/usr/bin/env python3
"""A numpy reference for npi's model files and traces: the model's forward step, the
environments of its tasks (addition, sort, quicksort, hanoi, plain and recursive) and the
interpreter loop, written to be read.

    python3 npi_reference.py MODEL.safetensors TRACE.jsonl [--alpha A]

replays every trace line (the shell's `trace save FILE` writes one) with the model and checks
every step: the running call, its depth and frame, the observation, the decision (return flag,
program, arguments) and each recorded probability (within 1e-5). It prints `N/N steps match`
and exits 0 when all match, 1 on a mismatch (naming the line, the step and the field), and 2
on bad input (one line naming the file and line). It needs numpy and safetensors only.

The task comes from the model file's metadata, and every trace line must be of that task; a
model of several tasks (format version 2: one core and program memory, an encoder per
environment, section 4.4 of Reed & de Freitas 2016) replays each line in the environment of the
line's own task, so one trace file may hold lines of all of them. A step the shell's `force`
gave the teacher's decision ("forced": true) takes the recorded decision, and the model's
probabilities of it are checked. A trace saved mid-run (or where a limit stopped the model) is
replayed as far as it goes. `npi data` writes teacher traces, without the model's
probabilities: they are refused. `--alpha` is the return threshold (0.5), for traces made after
the shell's `set alpha`.
The Swift sources this follows: Sources/NPINeural/NPINetwork*.swift (the network),
Sources/NPICore/{EncoderInput,Decision,ModelPolicy,Interpreter}.swift (input, decision rule,
loop), Sources/NPICore/ModelFiles/ModelMetadata.swift (the metadata of both versions) and
Sources/NPITasks/{Addition,Sort,Quicksort,Hanoi}/ (environments, observation features and, for
hanoi, the root call's arguments).

Shape legend (the shipped models' sizes in brackets, addition / sort / quicksort / hanoi):
    F  observation features            [44 / 26 / 8 / 2]
    A  argument slots                  [3]
    D  values per argument slot        [10]
    X  f_enc input width, F + A*D      [74 / 56 / 38 / 32]
    M  maxout pieces                   [4]
    E  encoder width                   [128]
    P  programs of an environment      [8 / 10 / 8 / 5]
    R  program-memory rows             [P; in a version 2 file, all environments' P together]
    Pe program-embedding width         [5]
    H  LSTM width, per layer           [256]
    K  program-key width               [5]
"""

import json
import os
import sys

try:
    import numpy as np
    from safetensors import safe_open
except ImportError as missing:
    print(f"error: npi_reference.py needs numpy and safetensors ({missing}): pip install numpy safetensors",
          file=sys.stderr)
    sys.exit(2)

TOLERANCE = 1e-5  # the largest |trace - reference| accepted on a probability
ARGUMENT_SLOTS = 3  # A
ARGUMENT_DEPTH = 10  # D


class BadInput(Exception):
    """Input the replay cannot use: a one-line message naming the file (and line), exit 2."""


# MARK: - Programs ------------------------------------------------------------------------------

# (name, kind, arity) in id order, as the model files store them. NOP is the "call nothing"
# choice of the program head; a primitive acts on the environment without a core step of its
# own; a composite runs the core from a fresh state. Every composite but hanoi's HANOI has arity
# 0: only HANOI's calls read their arguments (f_enc's argument inputs), the pegs it moves between.
ADDITION_PROGRAMS = [
    ("NOP", "nop", 0),
    ("MOVE_PTR", "primitive", 2),  # pointer 0 in1, 1 in2, 2 carry, 3 out; direction 0 left, 1 right
    ("WRITE", "primitive", 2),  # row 0 carry, 1 out; digit 0-9
    ("ADD", "composite", 0),
    ("ADD1", "composite", 0),
    ("CARRY", "composite", 0),
    ("LSHIFT", "composite", 0),
    ("RSHIFT", "composite", 0),
]
SORT_PROGRAMS = [
    ("NOP", "nop", 0),
    ("MOVE_PTR", "primitive", 2),  # pointer 0 ptr1, 1 ptr2, 2 ptr3; direction 0 left, 1 right
    ("SWAP", "primitive", 0),  # the values under ptr1 and ptr2
    ("BUBBLESORT", "composite", 0),
    ("BUBBLE", "composite", 0),
    ("RESET", "composite", 0),
    ("BSTEP", "composite", 0),
    ("COMPSWAP", "composite", 0),
    ("LSHIFT", "composite", 0),
    ("RSHIFT", "composite", 0),
]
QUICKSORT_PROGRAMS = [
    ("NOP", "nop", 0),
    ("MOVE_PTR", "primitive", 2),  # pointer 0 i, 1 j; direction 0 left, 1 right
    ("SWAP", "primitive", 1),  # pair 0: the values under i and j, 1: under i and the top range's hi
    ("PTRS_TO_LO", "primitive", 0),  # i and j to the top range's lo
    ("SPLIT", "primitive", 0),  # the top range (lo,hi) becomes (i+1,hi), then (lo,i-1) on top
    ("POP", "primitive", 0),  # drops the top range
    ("QUICKSORT", "composite", 0),
    ("PARTITION", "composite", 0),
]
HANOI_PROGRAMS = [
    ("NOP", "nop", 0),
    ("MOVE_DISK", "primitive", 2),  # the top disk of peg a (0-2) onto peg b (0-2)
    ("SHRINK", "primitive", 0),  # k - 1
    ("GROW", "primitive", 0),  # k + 1
    ("HANOI", "composite", 3),  # HANOI(a,b,c): the k smallest disks from peg a to peg b, by way of c
]


# MARK: - Environments --------------------------------------------------------------------------


class AdditionEnvironment:
    """The scratchpad: rows in1, in2, carry, out, each max(digits) + 2 columns wide, operands
    right-aligned with blanks (10) on the left, one pointer per row, all at the rightmost column.
    A pointer moved past an edge stays at the edge."""

    BLANK = 10
    FEATURES = 4 * 11  # F: one-hot of (row, symbol) for the 4 rows

    def __init__(self, words):
        if len(words) != 2:
            raise ValueError(f"an addition problem is two operands, not {words}")
        in1, in2 = (_operand(word) for word in words)
        self.width = max(len(in1), len(in2)) + 2
        blank = [self.BLANK] * self.width
        self.cells = [
            blank[len(in1):] + in1,
            blank[len(in2):] + in2,
            list(blank),
            list(blank),
        ]
        self.pointers = [self.width - 1] * 4

    def observation(self):
        """The symbols under the 4 pointers (in1, in2, carry, out): 0-9, or 10 for blank."""
        return [self.cells[row][self.pointers[row]] for row in range(4)]

    @staticmethod
    def features(observation):
        """Indices of the active observation features: row * 11 + symbol for each row."""
        return [row * 11 + symbol for row, symbol in enumerate(observation)]

    def apply(self, name, arguments):
        """Carries out the primitive `name`; raises ValueError for one it cannot carry out."""
        if name == "MOVE_PTR":
            row, direction = arguments[0], arguments[1]
            if row > 3 or direction > 1:
                raise ValueError(f"MOVE_PTR({row},{direction}) is out of range")
            step = 1 if direction == 1 else -1
            self.pointers[row] = min(max(self.pointers[row] + step, 0), self.width - 1)
        elif name == "WRITE":
            row, digit = arguments[0], arguments[1]
            if row > 1:
                raise ValueError(f"WRITE row {row} is out of range 0-1")
            target = 2 if row == 0 else 3  # 0 writes the carry row, 1 the out row
            self.cells[target][self.pointers[target]] = digit
        else:
            raise ValueError(f"{name} is not a primitive")

    @property
    def output(self):
        """The out row from its first to its last digit, a blank inside shown as `_`."""
        row = self.cells[3]
        written = [i for i, symbol in enumerate(row) if symbol != self.BLANK]
        if not written:
            return ""
        return "".join("_" if s == self.BLANK else str(s) for s in row[written[0]:written[-1] + 1])


def _operand(word):
    """An operand's digits, most significant first, without leading zeros ("007" is [7])."""
    if not word or not word.isascii() or not word.isdigit():
        raise ValueError(f"operand {word!r} is not a number")
    return [int(c) for c in word.lstrip("0") or "0"]


class SortEnvironment:
    """One row of digits; ptr1 and ptr2 compare neighbours, ptr3 counts the passes. All start at
    0; a pointer stays within 0..length (length is just past the end)."""

    PAST_END = 10
    FEATURES = 11 + 11 + 2 + 2  # F: value1, value2, ptr1AtStart no/yes, ptr3AtEnd no/yes

    def __init__(self, words):
        if not words or not all(len(w) == 1 and w in "0123456789" for w in words):
            raise ValueError("a sort problem is one or more digits 0-9")
        self.cells = [int(word) for word in words]
        self.pointers = [0, 0, 0]

    def observation(self):
        """[value under ptr1, value under ptr2 (10 past the end), ptr1 == 0, ptr3 >= length - 1]."""
        n = len(self.cells)

        def value(position):
            return self.cells[position] if position < n else self.PAST_END

        ptr1, ptr2, ptr3 = self.pointers
        return [value(ptr1), value(ptr2), int(ptr1 == 0), int(ptr3 >= n - 1)]

    @staticmethod
    def features(observation):
        """Indices of the active observation features, in block order."""
        value1, value2, ptr1_at_start, ptr3_at_end = observation
        return [value1, 11 + value2, 22 + ptr1_at_start, 24 + ptr3_at_end]

    def apply(self, name, arguments):
        """Carries out the primitive `name`; raises ValueError for one it cannot carry out."""
        n = len(self.cells)
        if name == "MOVE_PTR":
            pointer, direction = arguments[0], arguments[1]
            if pointer > 2 or direction > 1:
                raise ValueError(f"MOVE_PTR({pointer},{direction}) is out of range")
            step = 1 if direction == 1 else -1
            self.pointers[pointer] = min(max(self.pointers[pointer] + step, 0), n)
        elif name == "SWAP":
            ptr1, ptr2 = self.pointers[0], self.pointers[1]
            if ptr1 >= n or ptr2 >= n:
                raise ValueError("SWAP with a comparison pointer past the end")
            self.cells[ptr1], self.cells[ptr2] = self.cells[ptr2], self.cells[ptr1]
        else:
            raise ValueError(f"{name} is not a primitive")

    @property
    def output(self):
        return " ".join(str(digit) for digit in self.cells)


class QuicksortEnvironment:
    """One row of digits, the pointers i and j (both at 0; each stays within 0..length) and a
    stack of ranges (lo, hi) still to sort, at first the whole row; an empty range has
    hi == lo - 1. A primitive that cannot act leaves everything as it was."""

    MAX_LENGTH = 10_000  # the longest row npi accepts
    FEATURES = 2 * 4  # F: each of the 4 flags as no/yes

    def __init__(self, words):
        if not 1 <= len(words) <= self.MAX_LENGTH or not all(len(w) == 1 and w in "0123456789" for w in words):
            raise ValueError(f"a quicksort problem is 1 to {self.MAX_LENGTH} digits 0-9")
        self.cells = [int(word) for word in words]
        self.pointers = [0, 0]  # i, j
        self.ranges = [(0, len(self.cells) - 1)]  # bottom first: the top range is the last

    def observation(self):
        """[stackEmpty, rangeHasTwo, jAtHigh, lessOrEqual]: whether no range is left (then all
        else is 0), the top range has two elements or more (lo < hi), j is on its hi, and j is
        in it with A[j] <= A[hi]."""
        if not self.ranges:
            return [1, 0, 0, 0]
        low, high = self.ranges[-1]
        j = self.pointers[1]
        in_range = low <= j <= high
        return [0, int(low < high), int(in_range and j == high),
                int(in_range and self.cells[j] <= self.cells[high])]

    @staticmethod
    def features(observation):
        """Indices of the active observation features: 2 * flag number + flag."""
        return [2 * block + flag for block, flag in enumerate(observation)]

    def apply(self, name, arguments):
        """Carries out the primitive `name`; raises ValueError for one it cannot carry out."""
        n = len(self.cells)
        if name == "MOVE_PTR":
            pointer, direction = arguments[0], arguments[1]
            if pointer > 1 or direction > 1:
                raise ValueError(f"MOVE_PTR({pointer},{direction}) is out of range")
            step = 1 if direction == 1 else -1
            self.pointers[pointer] = min(max(self.pointers[pointer] + step, 0), n)
        elif name == "SWAP":
            pair, i = arguments[0], self.pointers[0]
            if pair > 1:
                raise ValueError(f"SWAP pair {pair} is out of range 0-1")
            if i >= n:
                raise ValueError(f"SWAP({pair}) with i past the end")
            if pair == 0:  # i and j
                other = self.pointers[1]
                if other >= n:
                    raise ValueError("SWAP(0) with j past the end")
            else:  # i and the top range's hi
                other = self._top_range(name)[1]
                if other < 0:
                    raise ValueError("SWAP(1) with an empty top range")
            self.cells[i], self.cells[other] = self.cells[other], self.cells[i]
        elif name == "PTRS_TO_LO":
            low = self._top_range(name)[0]
            self.pointers = [low, low]
        elif name == "SPLIT":
            low, high = self._top_range(name)
            i = self.pointers[0]
            if not low <= i <= high:
                raise ValueError(f"SPLIT with i ({i}) outside the top range ({low},{high})")
            self.ranges[-1:] = [(i + 1, high), (low, i - 1)]
        elif name == "POP":
            self._top_range(name)
            self.ranges.pop()
        else:
            raise ValueError(f"{name} is not a primitive")

    def _top_range(self, name):
        if not self.ranges:
            raise ValueError(f"{name} on an empty stack of ranges")
        return self.ranges[-1]

    @property
    def output(self):
        return " ".join(str(digit) for digit in self.cells)


class HanoiEnvironment:
    """The problem `DISKS FROM TO`: disks 1..n on peg FROM, largest at the bottom, to be moved to
    peg TO; and k, the size of the tower the running HANOI call moves, at first n. A disk never
    goes on a smaller one and k stays within 0..n: a primitive that would break either is refused."""

    MAX_DISKS = 20  # the most disks npi accepts
    FEATURES = 2  # F: kIsZero no/yes

    def __init__(self, words):
        if len(words) != 3:
            raise ValueError(f"a hanoi problem is three numbers DISKS FROM TO, not {words}")
        disks, source, target = words
        if not (disks and disks.isascii() and disks.isdigit() and 1 <= int(disks) <= self.MAX_DISKS):
            raise ValueError(f"disks {disks!r} is not a number 1-{self.MAX_DISKS}")
        if not all(len(peg) == 1 and peg in "012" for peg in (source, target)) or source == target:
            raise ValueError(f"pegs {source!r} and {target!r} are not two different pegs 0-2")
        self.disk_count, self.source, self.target = int(disks), int(source), int(target)
        self.pegs = [[], [], []]  # disk sizes per peg, bottom first
        self.pegs[self.source] = list(range(self.disk_count, 0, -1))
        self.k = self.disk_count

    def root_call(self):
        """The root call: HANOI(FROM, TO, the third peg)."""
        return 4, [self.source, self.target, 3 - self.source - self.target]

    def observation(self):
        """[kIsZero]: 1 when the tower being moved is empty."""
        return [int(self.k == 0)]

    @staticmethod
    def features(observation):
        return [observation[0]]

    def apply(self, name, arguments):
        """Carries out the primitive `name`; raises ValueError for one it cannot carry out."""
        if name == "MOVE_DISK":
            source, target = arguments[0], arguments[1]
            if source > 2 or target > 2 or source == target:
                raise ValueError(f"MOVE_DISK({source},{target}) is not a move between two pegs 0-2")
            if not self.pegs[source]:
                raise ValueError(f"MOVE_DISK from the empty peg {source}")
            disk = self.pegs[source][-1]
            if self.pegs[target] and self.pegs[target][-1] < disk:
                raise ValueError(f"MOVE_DISK of disk {disk} onto the smaller disk {self.pegs[target][-1]}")
            self.pegs[target].append(self.pegs[source].pop())
        elif name == "SHRINK":
            if self.k == 0:
                raise ValueError("SHRINK with k 0")
            self.k -= 1
        elif name == "GROW":
            if self.k == self.disk_count:
                raise ValueError(f"GROW with k {self.k}, every disk")
            self.k += 1
        else:
            raise ValueError(f"{name} is not a primitive")

    @property
    def output(self):
        """The pegs, each its number and its disks bottom first (`-` for none): `0: - | 1: - | 2: 3 2 1`."""
        return " | ".join(f"{peg}: " + (" ".join(map(str, disks)) if disks else "-")
                          for peg, disks in enumerate(self.pegs))


# Each task: its programs, its environment, the root call (a program id, called with arguments
# all 0, or a function of the environment giving (program id, arguments), for hanoi whose root's
# pegs come from the problem) and the name of its environment in a model of several tasks. The
# recursive tasks share everything with the plain ones but their teachers.
TASKS = {
    "addition": (ADDITION_PROGRAMS, AdditionEnvironment, 3, "addition"),  # ADD
    "addition-recursive": (ADDITION_PROGRAMS, AdditionEnvironment, 3, "addition"),
    "sort": (SORT_PROGRAMS, SortEnvironment, 3, "sort"),  # BUBBLESORT
    "sort-recursive": (SORT_PROGRAMS, SortEnvironment, 3, "sort"),
    "quicksort": (QUICKSORT_PROGRAMS, QuicksortEnvironment, 6, "quicksort"),  # QUICKSORT
    "quicksort-recursive": (QUICKSORT_PROGRAMS, QuicksortEnvironment, 6, "quicksort"),
    "hanoi": (HANOI_PROGRAMS, HanoiEnvironment, HanoiEnvironment.root_call, "hanoi"),  # HANOI(FROM, TO, VIA)
}


def root_call(task, environment):
    """The task's root call on the problem `environment` holds: (program id, arguments)."""
    root = TASKS[task][2]
    return root(environment) if callable(root) else (root, [0] * ARGUMENT_SLOTS)


# MARK: - The model file ------------------------------------------------------------------------

TASK_LIMIT = 64  # the most tasks a version 2 file may name, as npi reads it
SIZE_LIMIT = 100_000  # the largest size npi accepts from a file's configuration
PROGRAM_KINDS = ("nop", "primitive", "composite")


class NetworkEnvironment:
    """One environment of a model (section 4.4, Reed & de Freitas 2016): its tasks, its program
    table, its encoder's observation width and the program-memory row of each of its program ids.
    A version 1 file has one, unnamed, whose encoder is plain `f_enc` and whose ids are the rows
    themselves; in a version 2 file each has a name and its own encoder `f_enc.NAME`."""

    def __init__(self, name, tasks, programs, feature_count, rows):
        self.name, self.tasks, self.programs = name, tasks, programs
        self.feature_count = feature_count  # F
        self.rows = np.array(rows, dtype=np.int64)  # (P): id i is memory row rows[i]
        self.encoder = f"f_enc.{name}" if name else "f_enc"
        self.enc_w = self.enc_b = None  # (M*E, F + A*D), (M*E): set by Model.load


def read_model_file(path):
    """The file's metadata and its tensors in float64, but Adam's moments."""
    if not os.path.isfile(path):
        raise BadInput(f"{path}: not a regular file")
    try:
        with safe_open(path, framework="np") as file:
            metadata = file.metadata() or {}
            tensors = {
                name: file.get_tensor(name).astype(np.float64)
                for name in file.keys()
                if not name.startswith("optimizer.")  # Adam's moments, not needed here
            }
    except Exception as error:  # safetensors raises several types for a file it cannot read
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise BadInput(f"{path}: not a safetensors file ({message})") from None
    return metadata, tensors


def json_metadata(metadata, key, kind, path):
    """The JSON document in metadata `key`, which must be a `kind` (dict or list)."""
    if key not in metadata:
        raise BadInput(f"{path}: its metadata has no '{key}'")
    try:
        value = json.loads(metadata[key])
    except (ValueError, RecursionError) as error:  # RecursionError: nested too deep to parse
        raise BadInput(f"{path}: metadata '{key}' is not JSON ({str(error).splitlines()[0]})") from None
    if not isinstance(value, kind):
        raise BadInput(f"{path}: metadata '{key}' is not a JSON {'object' if kind is dict else 'list'}")
    return value


def program_table(document, field, path):
    """The (name, kind, arity) list of a stored table, `{"programs": [{name, kind, arity, ...}]}`."""
    programs = document.get("programs") if isinstance(document, dict) else None
    if not isinstance(programs, list) or not programs:
        raise BadInput(f"{path}: {field} is not a program table ({{\"programs\": [...]}})")
    table = []
    for index, program in enumerate(programs):
        entry = (program.get("name"), program.get("kind"), program.get("arity")) if isinstance(program, dict) else ()
        if not (entry and isinstance(entry[0], str) and entry[1] in PROGRAM_KINDS
                and is_integer(entry[2]) and 0 <= entry[2] <= ARGUMENT_SLOTS):
            raise BadInput(f"{path}: {field}.programs[{index}] is not a program "
                           f"(a name, a kind of {', '.join(PROGRAM_KINDS)} and an arity 0-{ARGUMENT_SLOTS})")
        table.append(entry)
    if len({name for name, _, _ in table}) != len(table):
        raise BadInput(f"{path}: {field} names a program twice")
    return table


def single_task_environment(metadata, path):
    """Format version 1: metadata 'task' and 'programs', its table; the one environment."""
    task = metadata.get("task")
    if task not in TASKS:
        raise BadInput(f"{path}: unknown task {quoted(task)} (known: {', '.join(TASKS)})")
    programs = program_table(json_metadata(metadata, "programs", dict, path), "programs", path)
    if programs != TASKS[task][0]:
        raise BadInput(f"{path}: its program table differs from task {task!r}")
    return [NetworkEnvironment("", [task], programs, TASKS[task][1].FEATURES, range(len(programs)))]


def multitask_environments(metadata, configuration, path):
    """Format version 2: metadata 'tasks' (a list), 'environments' (each environment's tasks by
    its name), 'programs' (each environment's table by its name) and configuration.environments
    (each one's name, observation width and memory rows); the environments in that last order.

    A task this reference does not know (a newer npi's) may be in the file; only its traces
    are refused. For a known one, its environment's table must begin with the task's own (an
    environment may hold more programs: those of a task that extends it)."""
    tasks = json_metadata(metadata, "tasks", list, path)
    if (not 2 <= len(tasks) <= TASK_LIMIT or not all(isinstance(task, str) for task in tasks)
            or len(set(tasks)) != len(tasks)):
        raise BadInput(f"{path}: metadata 'tasks' is not a list of 2 to {TASK_LIMIT} different task names")
    grouping = json_metadata(metadata, "environments", dict, path)
    for name, members in grouping.items():
        if not is_environment_name(name):
            raise BadInput(f"{path}: environment name {quoted(name)} is not 1-32 lowercase letters, digits and dashes")
        if not isinstance(members, list) or not members or not all(isinstance(task, str) for task in members):
            raise BadInput(f"{path}: environments.{name} is not a list of task names")
    if sorted(task for members in grouping.values() for task in members) != sorted(tasks):
        raise BadInput(f"{path}: metadata 'environments' does not name each of the tasks "
                       f"({', '.join(map(quoted, tasks))}) once")
    tables = json_metadata(metadata, "programs", dict, path)
    if set(tables) != set(grouping):
        raise BadInput(f"{path}: metadata 'programs' does not hold one table per environment ({', '.join(grouping)})")
    program_count = check_size(configuration.get("programCount"), "configuration.programCount", path)
    stored = configuration.get("environments")
    if not isinstance(stored, list) or len(stored) != len(grouping):
        raise BadInput(f"{path}: configuration.environments is not a list of the {len(grouping)} environments")
    environments = []
    for index, entry in enumerate(stored):
        field = f"configuration.environments[{index}]"
        name = entry.get("name") if isinstance(entry, dict) else None
        if name not in grouping or any(environment.name == name for environment in environments):
            raise BadInput(f"{path}: {field}.name is not one of the environments ({', '.join(grouping)}) "
                           f"that no earlier entry names")
        feature_count = check_size(entry.get("observationFeatureCount"), f"{field}.observationFeatureCount", path)
        programs = program_table(tables[name], f"programs.{name}", path)
        for task in grouping[name]:
            if task not in TASKS:
                continue
            task_programs, environment_type, _, environment_name = TASKS[task]
            if name != environment_name:
                raise BadInput(f"{path}: environments.{name} holds task {task!r}, "
                               f"which runs in the {environment_name} environment")
            if programs[:len(task_programs)] != task_programs:
                raise BadInput(f"{path}: the program table of environment {name!r} "
                               f"does not begin with the programs of task {task!r}")
            if feature_count != environment_type.FEATURES:
                raise BadInput(f"{path}: {field}.observationFeatureCount is {feature_count}; "
                               f"task {task!r} observes {environment_type.FEATURES} features")
        rows = entry.get("programIDs")
        if not (isinstance(rows, list) and len(rows) == len(programs)
                and all(is_integer(row) and 0 <= row < program_count for row in rows) and len(set(rows)) == len(rows)):
            raise BadInput(f"{path}: {field}.programIDs is not {len(programs)} different rows 0-{program_count - 1}, "
                           f"one per program of the environment's table")
        environments.append(NetworkEnvironment(name, grouping[name], programs, feature_count, rows))
    return environments, tasks, program_count


def check_size(value, field, path):
    """`value`, when it is an integer from 1 to SIZE_LIMIT."""
    if not (is_integer(value) and 1 <= value <= SIZE_LIMIT):
        raise BadInput(f"{path}: {field} is {quoted(value)}; it must be an integer from 1 to {SIZE_LIMIT}")
    return value


def is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def is_environment_name(name):
    """1-32 lowercase ASCII letters, digits and dashes: fit for a tensor name, as npi requires."""
    return 1 <= len(name) <= 32 and all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in name)


def quoted(value):
    """A value from the file for a message: Python's notation (control characters escaped), its
    middle cut when long, so a file cannot flood or forge a line."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:28]}...{text[-28:]}"


# MARK: - The model -----------------------------------------------------------------------------


class Model:
    """An npi model file's network, in float64 (npi computes in float32; the difference is the
    reference's check: probabilities agree to about 1e-7)."""

    def __init__(self, path):
        metadata, tensors = read_model_file(path)
        if metadata.get("format") != "npi-model":
            raise BadInput(f"{path}: not an npi model (its metadata has no format 'npi-model')")
        version = metadata.get("format_version")
        if version is None:
            raise BadInput(f"{path}: not an npi model (its metadata has no format_version)")
        configuration = json_metadata(metadata, "configuration", dict, path)
        if version == "1":  # one task
            self.environments = single_task_environment(metadata, path)
            self.task_names = self.environments[0].tasks
            self.program_count = len(self.environments[0].programs)
        elif version == "2":  # several tasks: one core and program memory, an encoder per environment
            self.environments, self.task_names, self.program_count = multitask_environments(
                metadata, configuration, path)
        else:
            raise BadInput(f"{path}: model format version {quoted(version)} is not supported "
                           f"(npi_reference.py reads versions 1 and 2)")
        self.tasks = {task: environment for environment in self.environments for task in environment.tasks}
        self.pieces = configuration.get("maxoutPieces")  # M
        self.load(tensors, path)

    @property
    def description(self):
        """`task 'addition'`, or `tasks 'addition', 'sort'`."""
        names = ", ".join(map(quoted, self.task_names))
        return f"task {names}" if len(self.task_names) == 1 else f"tasks {names}"

    def load(self, t, path):
        """Takes the tensors by name after checking every shape against the sizes they imply."""
        first_encoder = self.environments[0].encoder
        for name in (f"{first_encoder}.weight", "program_embedding.weight", "core.0.weight_hh", "f_prog.weight"):
            if name not in t or t[name].ndim != 2:
                raise BadInput(f"{path}: no matrix '{name}'")
        layers = 0
        while f"core.{layers}.weight_ih" in t:
            layers += 1
        M = self.pieces
        R = self.program_count
        ME, Pe = t[f"{first_encoder}.weight"].shape[0], t["program_embedding.weight"].shape[-1]
        H, K = t["core.0.weight_hh"].shape[-1], t["f_prog.weight"].shape[0]
        if not is_integer(M) or M < 1 or ME % M:
            raise BadInput(f"{path}: maxoutPieces {quoted(M)} does not divide {first_encoder}'s {ME} rows")
        E = ME // M
        shapes = {}
        for environment in self.environments:  # rows k*E..(k+1)*E are piece k
            X = environment.feature_count + ARGUMENT_SLOTS * ARGUMENT_DEPTH
            shapes.update({f"{environment.encoder}.weight": (M * E, X), f"{environment.encoder}.bias": (M * E,)})
        shapes.update({
            "program_embedding.weight": (R, Pe),
            "f_end.weight": (1, H), "f_end.bias": (1,),
            "f_prog.weight": (K, H), "f_prog.bias": (K,),
            "program_keys.weight": (R, K), "program_keys.bias": (R,),
        })
        for layer in range(layers):  # gate blocks i, f, g, o, as torch.nn.LSTMCell
            inputs = E + Pe if layer == 0 else H
            shapes.update({f"core.{layer}.weight_ih": (4 * H, inputs), f"core.{layer}.weight_hh": (4 * H, H),
                           f"core.{layer}.bias_ih": (4 * H,), f"core.{layer}.bias_hh": (4 * H,)})
        for slot in range(ARGUMENT_SLOTS):
            shapes.update({f"f_arg.{slot}.weight": (ARGUMENT_DEPTH, H), f"f_arg.{slot}.bias": (ARGUMENT_DEPTH,)})
        for name, shape in shapes.items():
            if name not in t:
                raise BadInput(f"{path}: no tensor '{name}'")
            if t[name].shape != shape:
                raise BadInput(f"{path}: tensor '{name}' is {t[name].shape}, expected {shape} for {self.description}")
        for environment in self.environments:
            environment.enc_w = t[f"{environment.encoder}.weight"]  # (M*E, X)
            environment.enc_b = t[f"{environment.encoder}.bias"]  # (M*E)
        self.embedding = t["program_embedding.weight"]  # (R, Pe)
        self.layers = [  # per layer: W_ih (4H, in), W_hh (4H, H), b_ih + b_hh (4H)
            (t[f"core.{l}.weight_ih"], t[f"core.{l}.weight_hh"], t[f"core.{l}.bias_ih"] + t[f"core.{l}.bias_hh"])
            for l in range(layers)
        ]
        self.end_w, self.end_b = t["f_end.weight"], t["f_end.bias"]  # (1, H), (1)
        self.key_w, self.key_b = t["f_prog.weight"], t["f_prog.bias"]  # (K, H), (K)
        self.keys_w, self.keys_b = t["program_keys.weight"], t["program_keys.bias"]  # (R, K), (R)
        self.arg_heads = [(t[f"f_arg.{i}.weight"], t[f"f_arg.{i}.bias"]) for i in range(ARGUMENT_SLOTS)]  # (D, H), (D)
        self.hidden = H

    def zero_state(self):
        """A fresh call's core state: (h, c) per layer, all zero."""
        return [(np.zeros(self.hidden), np.zeros(self.hidden)) for _ in self.layers]

    @staticmethod
    def encoder_input(environment, features, program, arguments):
        """f_enc's 0/1 input x (X): the active observation `features`, then, for each argument
        slot the running program reads (its arity: 3 for HANOI, 0 for every other composite),
        the one-hot of its value at F + slot * D + value. Slots beyond the arity stay all zero."""
        x = np.zeros(environment.enc_w.shape[1])
        x[features] = 1
        for slot in range(environment.programs[program][2]):
            x[environment.feature_count + slot * ARGUMENT_DEPTH + arguments[slot]] = 1
        return x

    def step(self, environment, features, program, arguments, state):
        """One core step of the running call in `environment` (its ids), given the indices of
        the active observation features; returns (r, program probabilities (P), argument
        probabilities (A, D)) and the call's next state."""
        x = self.encoder_input(environment, features, program, arguments)
        z = (environment.enc_w @ x + environment.enc_b).reshape(self.pieces, -1)  # (M, E): rows k*E.. are piece k
        s = z.max(axis=0)  # maxout: (E)
        layer_input = np.concatenate([s, self.embedding[environment.rows[program]]])  # (E + Pe)
        next_state = []
        for (w_ih, w_hh, bias), (h, c) in zip(self.layers, state):
            gates = w_ih @ layer_input + w_hh @ h + bias  # (4H): blocks i, f, g, o as torch.nn.LSTMCell
            i, f, g, o = np.split(gates, 4)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)  # the raw output is the recurrent state
            next_state.append((h, c))
            layer_input = np.maximum(h, 0)  # the next layer, and the heads, read relu(h)
        top = layer_input  # (H)
        return_probability = sigmoid(self.end_w @ top + self.end_b)[0]
        key = np.maximum(self.key_w @ top + self.key_b, 0)  # (K)
        logits = self.keys_w @ key + self.keys_b  # (R): every row of the program memory
        # Only the environment's programs can act on its state: the softmax is over its rows,
        # in its id order.
        program_probabilities = softmax(logits[environment.rows])  # (P)
        argument_probabilities = np.array([softmax(w @ top + b) for w, b in self.arg_heads])  # (A, D)
        return (return_probability, program_probabilities, argument_probabilities), next_state


def sigmoid(x):
    return 0.5 * (1 + np.tanh(0.5 * x))  # = 1 / (1 + exp(-x)), without overflow


def softmax(logits):
    e = np.exp(logits - logits.max())
    return e / e.sum()


# MARK: - The decision rule ---------------------------------------------------------------------


def greedy_decision(outputs, programs, alpha):
    """npi's greedy decision: the most probable program (the first on a tie), the most probable
    value of each argument slot it reads (its arity; the other slots are 0), and a return once
    this step's call completes when r >= alpha. Choosing NOP means calling nothing this step.
    Returns (program, arguments, returns)."""
    return_probability, program_probabilities, argument_probabilities = outputs
    program = int(np.argmax(program_probabilities))
    arguments = [int(np.argmax(argument_probabilities[slot])) for slot in range(programs[program][2])]
    arguments += [0] * (ARGUMENT_SLOTS - len(arguments))
    return program, arguments, bool(return_probability >= alpha)


def decision_probabilities(outputs, programs, program, arguments):
    """What a model trace records for a decision: r, the called program's probability (NOP's when
    it calls nothing), the probability of each argument value it reads, and their product."""
    return_probability, program_probabilities, argument_probabilities = outputs
    call_probability = float(program_probabilities[program])
    argument_values = [float(argument_probabilities[slot][arguments[slot]]) for slot in range(programs[program][2])]
    return {
        "returnProbability": float(return_probability),
        "callProbability": call_probability,
        "argumentProbabilities": argument_values,
        "decisionProbability": call_probability * float(np.prod(argument_values)),
    }


# MARK: - The interpreter loop ------------------------------------------------------------------


class Frame:
    """A call in progress: its program and arguments, its id (`frame` in a trace), its own core
    state (zero when the call starts: fresh state per call), and whether its last step asked it to
    return once that step's call completes."""

    def __init__(self, program, arguments, frame_id, state):
        self.program, self.arguments, self.id, self.state = program, arguments, frame_id, state
        self.return_pending = False


class Mismatch(Exception):
    """The reference disagrees with the trace: (step, field, expected from the trace, got)."""


def replay(model, record, alpha):
    """Runs the model on the record's problem step by step as npi's interpreter does, comparing
    each step with the record. Returns (steps matched, largest probability difference, finished);
    raises Mismatch at the first disagreement.

    The loop (Algorithm 1 of Reed & de Freitas 2016, with npi's conventions): each core step
    belongs to the call on top of the stack; it reads the observation, runs the core one step from
    that call's state and decides. A primitive it calls acts on the environment at once, with no
    core step of its own; a composite is pushed with a zero state. A step that returns pops its
    call once its own call has completed, and that completion cascades: each caller whose last step
    also asked to return is popped too. The execution ends when the root call returns.

    The call runs in the environment of the record's task: its encoder, and its own program ids
    (its table), which the model maps to rows of the shared program memory."""
    environment_type = TASKS[record["task"]][1]
    network_environment = model.tasks[record["task"]]
    programs = network_environment.programs
    environment = environment_type(record["problem"])
    stack = [Frame(*root_call(record["task"], environment), 0, model.zero_state())]
    next_id = 1
    largest_difference = 0.0

    def pop_returning():
        while stack and stack[-1].return_pending:
            stack.pop()

    for number, recorded in enumerate(record["steps"], start=1):
        if not stack:
            raise Mismatch(number, "step", "another step", "the execution had finished (the root call returned)")
        top = stack[-1]
        observation = environment.observation()
        expected = {"step": number, "depth": len(stack) - 1, "frame": top.id, "program": programs[top.program][0],
                    "arguments": top.arguments, "observation": observation}
        for field, value in expected.items():
            if recorded[field] != value:
                raise Mismatch(number, field, recorded[field], value)

        outputs, top.state = model.step(network_environment, environment.features(observation), top.program,
                                        top.arguments, top.state)
        if recorded.get("forced"):  # the shell's `force` gave this step the teacher's decision
            program, arguments, returns = _recorded_decision(recorded, programs)
        else:
            program, arguments, returns = greedy_decision(outputs, programs, alpha)
            call = None if programs[program][1] == "nop" else {"program": programs[program][0], "arguments": arguments}
            if recorded.get("call") != call:
                raise Mismatch(number, "call", recorded.get("call"), call)
            if recorded["returns"] != returns:
                raise Mismatch(number, "returns", recorded["returns"], returns)
        for field, value in decision_probabilities(outputs, programs, program, arguments).items():
            trace_values, values = _as_list(recorded[field]), _as_list(value)
            if len(trace_values) != len(values):
                raise Mismatch(number, field, recorded[field], value)
            for trace_value, reference in zip(trace_values, values):
                difference = abs(trace_value - reference)
                largest_difference = max(largest_difference, difference)
                if not difference <= TOLERANCE:
                    raise Mismatch(number, field, recorded[field], value)

        top.return_pending = returns
        kind = programs[program][1]
        if kind == "composite":
            stack.append(Frame(program, arguments, next_id, model.zero_state()))
            next_id += 1
        else:
            if kind == "primitive":
                try:
                    environment.apply(programs[program][0], arguments)
                except ValueError as error:
                    raise Mismatch(number, "call", "a call npi carried out", f"one that cannot act: {error}") from None
            pop_returning()

    if record["output"] != environment.output:
        raise Mismatch(len(record["steps"]), "output", record["output"], environment.output)
    return len(record["steps"]), largest_difference, not stack


def _recorded_decision(recorded, programs):
    """A forced step's decision as the trace holds it: (program, arguments, returns)."""
    call = recorded.get("call")
    names = [name for name, _, _ in programs]
    if call is None:  # NOP: call nothing
        return names.index("NOP"), [0] * ARGUMENT_SLOTS, recorded["returns"]
    if call.get("program") not in names:
        raise Mismatch(recorded["step"], "call", call, "a program of this task")
    return names.index(call["program"]), list(call["arguments"]), recorded["returns"]


def _as_list(value):
    return value if isinstance(value, list) else [value]


# MARK: - Reading traces ------------------------------------------------------------------------

# The fields of a model trace step and the JSON types each must have.
STEP_FIELDS = {
    "step": int, "depth": int, "frame": int, "program": str, "arguments": list, "observation": list,
    "returns": bool, "returnProbability": (int, float), "callProbability": (int, float),
    "argumentProbabilities": list, "decisionProbability": (int, float),
}


def read_records(path, model):
    """Yields (line number, record) for each non-blank line of a JSON Lines trace file."""
    try:
        file = open(path, "rb")
    except OSError as error:
        raise BadInput(f"{path}: cannot read the file ({error.strerror})") from None
    with file:
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line.decode("utf-8"))
            except ValueError as error:  # UnicodeDecodeError is a ValueError too
                raise BadInput(f"{where}: not a JSON line ({error})") from None
            check_record(record, where, model)
            yield number, record


def check_record(record, where, model):
    """Raises BadInput unless `record` is a model trace line of one of the model's tasks (and one
    this reference knows) with every field typed."""
    if not isinstance(record, dict):
        raise BadInput(f"{where}: not a trace record (a JSON object)")
    for key, kind in {"task": str, "problem": list, "expected": str, "output": str, "steps": list}.items():
        if not isinstance(record.get(key), kind):
            raise BadInput(f"{where}: not a trace record (missing or mistyped '{key}')")
    if record["task"] not in model.tasks:
        raise BadInput(f"{where}: a trace of task {quoted(record['task'])}, but the model is for {model.description}")
    if record["task"] not in TASKS:
        raise BadInput(f"{where}: a trace of task {quoted(record['task'])}, which npi_reference.py cannot replay "
                       f"(it knows {', '.join(TASKS)})")
    if not all(isinstance(word, str) for word in record["problem"]):
        raise BadInput(f"{where}: 'problem' must be a list of strings")
    for index, step in enumerate(record["steps"]):
        if not isinstance(step, dict):
            raise BadInput(f"{where}: steps[{index}] is not an object")
        if "returnProbability" not in step:
            raise BadInput(f"{where}: a teacher trace (no model probabilities, as `npi data` writes); "
                           f"replay model traces (the shell's 'trace save')")
        for key, kind in STEP_FIELDS.items():
            value = step.get(key)
            if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
                raise BadInput(f"{where}: steps[{index}] has no {kind_name(kind)} '{key}'")
        call = step.get("call")
        if call is not None and not (isinstance(call, dict) and isinstance(call.get("program"), str)
                                     and isinstance(call.get("arguments"), list)):
            raise BadInput(f"{where}: steps[{index}].call is not {{\"program\", \"arguments\"}}")
        if not all(isinstance(p, (int, float)) and not isinstance(p, bool) for p in step["argumentProbabilities"]):
            raise BadInput(f"{where}: steps[{index}].argumentProbabilities holds something other than numbers")
        arguments = step["arguments"] + (call or {}).get("arguments", [])
        if not all(isinstance(a, int) and not isinstance(a, bool) and 0 <= a < ARGUMENT_DEPTH for a in arguments):
            raise BadInput(f"{where}: steps[{index}] has an argument that is not an integer 0-9")
        if len(step["arguments"]) != ARGUMENT_SLOTS or (call and len(call["arguments"]) != ARGUMENT_SLOTS):
            raise BadInput(f"{where}: steps[{index}] has an argument list that is not {ARGUMENT_SLOTS} long")


def shown(value):
    """A value as JSON, the trace's own notation (a message is text as it is)."""
    return value if isinstance(value, str) and " " in value else json.dumps(value, sort_keys=True)


def kind_name(kind):
    return {int: "integer", str: "string", list: "list", bool: "boolean"}.get(kind, "number")


# MARK: - Command line --------------------------------------------------------------------------


def main(arguments):
    alpha = 0.5
    if len(arguments) == 4 and arguments[2] == "--alpha":
        try:
            alpha = float(arguments[3])
        except ValueError:
            alpha = -1.0
        if not 0 <= alpha <= 1:
            print(f"error: --alpha must be a number in 0...1, not {arguments[3]!r}", file=sys.stderr)
            return 2
        arguments = arguments[:2]
    if len(arguments) != 2:
        print("usage: npi_reference.py MODEL.safetensors TRACE.jsonl [--alpha A]", file=sys.stderr)
        return 2
    model_path, trace_path = arguments
    try:
        model = Model(model_path)
        matched = total = traces = unfinished = 0
        largest_difference = 0.0
        failed = False
        for line, record in read_records(trace_path, model):
            traces += 1
            total += len(record["steps"])
            try:
                steps, difference, finished = replay(model, record, alpha)
            except Mismatch as mismatch:
                step, field, expected, got = mismatch.args
                print(f"{trace_path}:{line}: step {step}: {field}: expected {shown(expected)} (trace), "
                      f"got {shown(got)} (reference)")
                matched += step - 1
                failed = True
                continue
            except ValueError as error:  # the problem itself is not one of this task's
                raise BadInput(f"{trace_path}:{line}: {error}") from None
            matched += steps
            unfinished += not finished
            largest_difference = max(largest_difference, difference)
        if traces == 0:
            raise BadInput(f"{trace_path}: no trace lines")
    except BadInput as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    note = f" ({unfinished} stopped before the root call returned)" if unfinished else ""
    print(f"{matched}/{total} steps match in {traces} trace{'s' if traces != 1 else ''}{note}; "
          f"largest probability difference {largest_difference:.1e}")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
