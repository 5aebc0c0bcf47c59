// NPICore's model files are safetensors files written atomically; the code that loads, saves or
// checks them (the shell, the CLI, tests) uses `SafeTensorsFile` and `AtomicFile` beside
// `ModelFile`, so importing NPICore brings the SafeTensors target's API along.
@_exported import SafeTensors
