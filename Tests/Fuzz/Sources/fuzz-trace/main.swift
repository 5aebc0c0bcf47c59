// libFuzzer over the JSON Lines trace reader and what training makes of it; see Tests/Fuzz/run.sh.
import FuzzTargets

fuzzMain { TraceTarget() }
