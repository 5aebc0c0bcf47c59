// The viewer page's script, in parts: helpers and each execution's steps and grids
// (here), the trace list (ViewScript+Trace), the panels for the selected step
// (ViewScript+Panels) and its decision (ViewScript+Decision). It reads the page's one JSON
// object and builds everything from it.

enum ViewScript {
    /// The whole script: the parts, then the start-up, which marks the page `data-status="ready"`
    /// (and `data-ready-ms`, the milliseconds from navigation to ready) or, if anything fails
    /// (also later, in an event handler), `"error"` with the message in an element `#npi-error`,
    /// so a test (or a reader) sees it.
    static let source = [helpers, trace, panels, decision, boot].joined(separator: "\n")

    static let helpers = #"""
        "use strict";

        /** An element with a class and text. */
        function el(tag, className, text) {
          const element = document.createElement(tag);
          if (className) element.className = className;
          if (text !== undefined && text !== null) element.textContent = text;
          return element;
        }

        /** `1 step`, `2 steps`, with thousands separated. */
        function plural(count, noun) {
          return count.toLocaleString("en-US") + " " + noun + (count === 1 ? "" : "s");
        }

        /** Long values (1,000-digit sums) shortened as the shell shortens them. */
        function shorten(text, limit) {
          limit = limit || 60;
          if (text.length <= limit) return text === "" ? "''" : text;
          return text.slice(0, limit / 2) + "…" + text.slice(text.length - limit / 2) + " (" + text.length + " chars)";
        }

        /**
         * For each step index, the index of the last step inside the call it makes, or -1 when
         * it makes no call with steps of its own (a primitive, NOP, or a call not yet begun).
         * The steps of a call are the deeper steps that follow it.
         */
        function callEnds(steps) {
          const ends = new Int32Array(steps.length).fill(-1);
          const open = [];
          for (let index = 0; index < steps.length; index++) {
            const depth = steps[index].d;
            while (open.length && steps[open[open.length - 1]].d >= depth) ends[open.pop()] = index - 1;
            if (index + 1 < steps.length && steps[index + 1].d > depth) open.push(index);
          }
          while (open.length) ends[open.pop()] = steps.length - 1;
          return ends;
        }

        /** One execution (the model's or the teacher's): its steps, calls and grids. */
        class Side {
          constructor(name, execution) {
            this.name = name;
            this.execution = execution;
            this.steps = execution.steps;
            this.count = execution.steps.length;
            this.ends = callEnds(this.steps);
            this.cache = null;
          }

          /** Step `row` (1-based), or null past the end. */
          step(row) {
            return row >= 1 && row <= this.count ? this.steps[row - 1] : null;
          }

          /** The grid after `n` steps (at most all of them): cell values per row, pointer places. */
          gridAfter(n) {
            n = Math.max(0, Math.min(n, this.count));
            let state = this.cache;
            if (!state || state.n > n) {
              const grid = this.execution.grid;
              state = { n: 0, cells: grid.rows.map((row) => row.cells.slice()),
                        pointers: grid.pointers.map((pointer) => [pointer.row, pointer.column]) };
            }
            for (let index = state.n; index < n; index++) {
              const step = this.steps[index];
              if (step.g) for (const [row, column, value] of step.g) state.cells[row][column] = value;
              if (step.q) for (const [pointer, row, column] of step.q) state.pointers[pointer] = [row, column];
            }
            state.n = n;
            this.cache = state;
            return state;
          }
        }
        """#

    static let boot = #"""
        (function start() {
          const body = document.body;
          function fail(message) {
            body.dataset.status = "error";
            let box = document.getElementById("npi-error");
            if (!box) {
              box = el("pre");
              box.id = "npi-error";
              body.insertBefore(box, body.firstChild);
            }
            box.textContent += "The viewer failed: " + message + "\n";
          }
          window.addEventListener("error", (event) => fail(event.message));
          try {
            const data = JSON.parse(document.getElementById("npi-data").textContent);
            new Viewer(data).start();
            if (body.dataset.status !== "error") body.dataset.status = "ready";
            body.dataset.readyMs = Math.round(performance.now());  // since navigation began: the load time
          } catch (error) {
            fail(error && error.stack ? error.stack : String(error));
          }
        })();
        """#
}
