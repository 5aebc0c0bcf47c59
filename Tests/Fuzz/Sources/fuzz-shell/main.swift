// libFuzzer over the shell: tokenizer, problem parsers, command dispatch; see Tests/Fuzz/run.sh.
import FuzzTargets

fuzzMain { try ShellTarget() }
