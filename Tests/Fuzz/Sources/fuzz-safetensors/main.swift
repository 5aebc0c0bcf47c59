// libFuzzer over safetensors decoding and model-file validation; see Tests/Fuzz/run.sh.
import FuzzTargets

fuzzMain { SafeTensorsTarget() }
