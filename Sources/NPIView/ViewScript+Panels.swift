// The page script's panels: the headline and summary (what `diff` and `diff --all` say), the
// step navigator, both environments after the selected step, and the model's decision there as
// bars (what `why` shows), plus the legend.

extension ViewScript {
    static let panels = #"""
        Object.assign(Viewer.prototype, {
          renderHeadline() {
            const headline = document.getElementById("headline");
            headline.appendChild(document.createTextNode(this.data.task + ": " + this.data.problem));
            headline.appendChild(el("span", "path", "model " + this.data.modelPath + "   α " + this.data.alphaText));
          },

          renderSummary() {
            const data = this.data;
            const summary = document.getElementById("summary");
            const model = this.card("model", "Model");
            const correct = data.model.finished && data.model.output === data.expected;
            model.appendChild(el("div", "big " + (correct ? "good" : "bad"), correct ? "✓ correct" : "✗ wrong"));
            model.appendChild(el("div", "mono", "output " + shorten(data.model.output, 16))).title = data.model.output;
            if (!correct) model.appendChild(el("div", "mono", "expected " + shorten(data.expected, 16))).title = data.expected;
            model.appendChild(el("div", null, (data.model.finished ? "finished after " : "stopped after ") +
              plural(this.model.count, "step")));
            if (!data.model.finished) model.appendChild(el("div", "bad", data.model.failure || ""));
            const teacher = this.card("teacher", "Teacher");
            const expected = data.teacher.finished && data.teacher.output === data.expected;
            teacher.appendChild(el("div", "big", expected ? "the expected answer" : "not the expected answer"));
            teacher.appendChild(el("div", "mono", "output " + shorten(data.teacher.output, 16))).title = data.teacher.output;
            teacher.appendChild(el("div", null, (data.teacher.finished ? "finished after " : "stopped after ") +
              plural(this.teacher.count, "step")));
            if (!data.teacher.finished) teacher.appendChild(el("div", "bad", data.teacher.failure || ""));
            const diff = this.card("diff" + (this.divergence ? "" : " agrees"), "diff  ·  diff --all");
            diff.appendChild(el("pre", null, data.divergence.lines.join("\n") + "\n" + data.teacherForced.summary));
            if (this.divergence) {
              const jump = el("button", "jump", "Go to step " + this.divergence);
              jump.type = "button";
              jump.addEventListener("click", () => this.select(this.divergence, true));
              diff.querySelector("h3").appendChild(jump);
            }
            summary.append(model, teacher, diff);
          },

          card(kind, title) {
            const card = el("div", "card " + kind);
            card.appendChild(el("h3", null, title));
            return card;
          },

          renderLegend() {
            const legend = document.getElementById("legend");
            const keys = [
              ["var(--diverge-soft)", "first divergence (diff)"],
              ["repeating-linear-gradient(135deg, var(--off) 0 4px, #f7f8fa 4px 8px)", "model off the teacher's execution"],
              ["var(--disagree)", "≠ teacher-forced disagreement (diff --all)"],
              ["var(--forced)", "forced by 'force'"],
              ["var(--changed)", "cell the step changed"],
            ];
            for (const [color, text] of keys) {
              const key = el("span", "key");
              const swatch = key.appendChild(el("span", "swatch"));
              swatch.style.background = color;
              key.appendChild(document.createTextNode(text));
              legend.appendChild(key);
            }
            const help = el("span", "key");
            help.innerHTML = "<kbd>↑</kbd><kbd>↓</kbd> or <kbd>←</kbd><kbd>→</kbd> step · <kbd>PgUp</kbd><kbd>PgDn</kbd> · " +
              "<kbd>Home</kbd><kbd>End</kbd> · <kbd>d</kbd> divergence · <kbd>n</kbd><kbd>p</kbd> next/previous mark · " +
              "<kbd>Enter</kbd> fold the selected call · ↩ returns after the call";
            legend.appendChild(help);
          },

          // MARK: - Navigator

          buildNavigator() {
            const navigator = document.getElementById("navigator");
            const line = navigator.appendChild(el("div", "line"));
            this.stepLabel = line.appendChild(el("span", "stepno"));
            const buttons = [["|◀", "start (Home)", () => this.select(0, true)], ["◀", "previous step (↑)", () => this.moveBy(-1)],
              ["▶", "next step (↓)", () => this.moveBy(1)],
              ["▶|", "last step (End)", () => this.select(this.visible[this.visible.length - 1], true)],
              ["◆ divergence", "the first divergence (d)", () => { if (this.divergence) this.select(this.divergence, true); }],
              ["◀ mark", "previous divergence or disagreement (p)", () => this.jumpMark(false)],
              ["mark ▶", "next divergence or disagreement (n)", () => this.jumpMark(true)]];
            for (const [text, title, action] of buttons) {
              const button = line.appendChild(el("button", null, text));
              button.type = "button";
              button.title = title;
              button.addEventListener("click", action);
              if (text === "◆ divergence" && !this.divergence) button.disabled = true;
              if (text.includes("mark") && !this.marks.length) button.disabled = true;
            }
            this.slider = navigator.appendChild(el("input"));
            this.slider.type = "range";
            this.slider.min = 0;
            this.slider.max = this.rowCount - 1;
            this.slider.setAttribute("aria-label", "step");
            this.slider.addEventListener("input", () => this.select(Number(this.slider.value), true));
          },

          renderSelection() {
            const row = this.selected;
            this.stepLabel.textContent = "";
            this.stepLabel.appendChild(document.createTextNode(row === 0 ? "Start" : "Step " + row.toLocaleString("en-US")));
            this.stepLabel.appendChild(el("small", null, " of " + (this.rowCount - 1).toLocaleString("en-US")));
            this.slider.value = row;
            this.renderPictures(row);
            this.renderDecision(row);
          },

          // MARK: - Environments

          renderPictures(row) {
            const pictures = document.getElementById("pictures");
            pictures.replaceChildren();
            const states = [this.model, this.teacher].map((side) => {
              const taken = Math.min(row, side.count);
              const state = side.gridAfter(taken);
              const step = row >= 1 && row <= side.count ? side.steps[row - 1] : null;
              return { side, taken, cells: state.cells.map((cells) => cells.slice()),
                       pointers: state.pointers.map((place) => place.slice()), step };
            });
            const columns = this.windowFor(states, pictures.clientWidth || 480);
            for (const state of states) pictures.appendChild(this.picture(state, columns, row));
          },

          /** The columns to draw: all if they fit, else a window around the pointers of both. */
          windowFor(states, width) {
            const grid = this.data.model.grid;
            const count = Math.max(...grid.rows.map((gridRow) => gridRow.cells.length));
            const fit = Math.max(6, Math.floor((width - 80) / 27));
            if (count <= fit) return [0, count];
            let places = [];
            for (const state of states) places = places.concat(state.pointers.map((place) => place[1]));
            for (const state of states) if (state.step && state.step.g) places = places.concat(state.step.g.map((cell) => cell[1]));
            let low = Math.min(...places), high = Math.max(...places);
            if (high - low + 1 > fit) { low = states[0].pointers[0][1]; high = low; }
            let start = Math.round((low + high + 1) / 2 - fit / 2);
            start = Math.max(0, Math.min(count - fit, start));
            return [start, start + fit];
          },

          picture(state, [start, end], row) {
            const grid = this.data[state.side.name].grid;
            const box = el("div", "picture " + state.side.name);
            const title = box.appendChild(el("h4", state.side.name, state.side.name === "model" ? "Model" : "Teacher"));
            const taken = state.taken;
            title.appendChild(el("span", "hint", row === 0 ? "before the first step"
              : taken < row ? "at its end, after step " + taken : "after step " + taken));
            const changed = new Set(state.step && state.step.g ? state.step.g.map(([r, c]) => r + ":" + c) : []);
            const table = box.appendChild(el("div", "grid"));
            const width = end - start;
            const cutLeft = start > 0, cutRight = end < Math.max(...grid.rows.map((gridRow) => gridRow.cells.length));
            table.style.gridTemplateColumns = "auto" + (cutLeft ? " 18px" : "") + " repeat(" + width + ", 24px)" + (cutRight ? " 18px" : "");
            grid.rows.forEach((gridRow, rowIndex) => {
              const here = grid.pointers.map((pointer, index) => index).filter((index) => state.pointers[index][0] === rowIndex);
              table.appendChild(el("div", "label", gridRow.label));
              if (cutLeft) table.appendChild(el("div", "more", "…"));
              for (let column = start; column < end; column++) {
                const value = state.cells[rowIndex][column];
                const text = value === undefined ? "" : grid.symbols[value];
                const cell = table.appendChild(el("div", "c" + (text === "" ? " blank" : ""), text));
                if (here.some((index) => state.pointers[index][1] === column)) cell.classList.add("ptr");
                if (changed.has(rowIndex + ":" + column)) cell.classList.add("changed");
                cell.title = gridRow.label + " column " + column;
              }
              if (cutRight) table.appendChild(el("div", "more", "…"));
              if (here.length < 2) return;
              for (const index of here) {  // several pointers on one row: a lane each
                table.appendChild(el("div", "label", grid.pointers[index].name));
                if (cutLeft) table.appendChild(el("div"));
                for (let column = start; column < end; column++) {
                  const on = state.pointers[index][1] === column;
                  table.appendChild(el("div", "lane" + (on ? " on" : ""), on ? "▲" : ""));
                }
                if (cutRight) table.appendChild(el("div"));
              }
            });
            const notes = [];
            const count = Math.max(...grid.rows.map((gridRow) => gridRow.cells.length));
            if (cutLeft || cutRight) {
              const cut = [];
              if (start) cut.push(plural(start, "column") + " to the left");
              if (end < count) cut.push(plural(count - end, "column") + " to the right");
              notes.push("columns " + start + "–" + (end - 1) + " of " + count.toLocaleString("en-US") + " shown; " +
                cut.join(" and ") + " not shown");
            }
            grid.pointers.forEach((pointer, index) => {
              const column = state.pointers[index][1];
              if (column < start || column >= end) notes.push(pointer.name + " pointer at column " + column + ", outside the window");
            });
            if (notes.length) box.appendChild(el("div", "note", notes.join(" · ")));
            return box;
          },
        });
        """#
}
