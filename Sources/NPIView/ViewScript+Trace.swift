// The page script's trace list: one row per step number, the model's step beside the teacher's,
// each side a call tree indented by depth whose calls fold. Only the rows in view are in the
// document (a 10,000-step execution stays quick); folding hides rows on both sides.

extension ViewScript {
    static let trace = #"""
        const ROW_HEIGHT = 22;
        const INDENT = 14;

        class Viewer {
          constructor(data) {
            this.data = data;
            this.model = new Side("model", data.model);
            this.teacher = new Side("teacher", data.teacher);
            this.failedRow = data.model.failedStep ? this.model.count + 1 : 0;
            this.rowCount = 1 + Math.max(this.model.count + (data.model.failedStep ? 1 : 0), this.teacher.count);
            this.divergence = data.divergence.step;
            this.left = data.leftTeacherAt;
            this.disagreements = new Map(data.teacherForced.disagreements.map((entry) => [entry.step, entry]));
            const marks = new Set(this.disagreements.keys());
            if (this.divergence) marks.add(this.divergence);
            if (this.left) marks.add(this.left);
            this.marks = Array.from(marks).sort((a, b) => a - b);
            this.folded = new Set();
            this.selected = 0;
            this.drawScheduled = false;
            this.scroller = document.getElementById("trace-scroll");
            this.rows = document.getElementById("trace-rows");
          }

          start() {
            this.renderHeadline();
            this.renderSummary();
            this.renderLegend();
            this.fitHeight();
            this.buildNavigator();
            this.computeVisible();
            this.scroller.addEventListener("scroll", () => this.scheduleDraw());
            window.addEventListener("resize", () => { this.fitHeight(); this.scheduleDraw(); this.renderSelection(); });
            this.rows.addEventListener("click", (event) => this.onRowClick(event));
            document.addEventListener("keydown", (event) => this.onKey(event));
            document.getElementById("fold-all").addEventListener("click", () => this.foldAll(true));
            document.getElementById("unfold-all").addEventListener("click", () => this.foldAll(false));
            const asked = /step=(\d+)/.exec(window.location.hash);  // a link to a step: page.html#step=19
            this.select(asked ? Number(asked[1]) : this.divergence || 0, true);
          }

          /** The two panels fill the window below the summary (extra sections follow below). */
          fitHeight() {
            const viewer = document.getElementById("viewer");
            const top = viewer.getBoundingClientRect().top + window.scrollY;
            const legend = document.getElementById("legend").offsetHeight;
            viewer.style.height = Math.max(480, window.innerHeight - top - legend) + "px";
          }

          // MARK: - Which rows show

          /** The rows not inside a folded call, and where each shows. */
          computeVisible() {
            const count = this.rowCount;
            const starts = new Int32Array(count + 2);
            for (const key of this.folded) {
              const [side, index] = this.parseKey(key);
              const end = side.ends[index];
              if (end <= index) continue;
              starts[index + 2] += 1;  // rows index+2 ... end+1 are the call's steps
              starts[end + 2] -= 1;
            }
            this.visible = [];
            this.position = new Int32Array(count).fill(-1);
            let depth = 0;
            for (let row = 0; row < count; row++) {
              depth += starts[row];
              if (depth === 0) {
                this.position[row] = this.visible.length;
                this.visible.push(row);
              }
            }
            this.rows.style.height = this.visible.length * ROW_HEIGHT + "px";
            this.draw();
          }

          parseKey(key) {
            const [name, index] = key.split(":");
            return [this[name], Number(index)];
          }

          /** Unfolds every call that hides `row`. */
          reveal(row) {
            let changed = false;
            for (const key of Array.from(this.folded)) {
              const [side, index] = this.parseKey(key);
              if (row >= index + 2 && row <= side.ends[index] + 1) {
                this.folded.delete(key);
                changed = true;
              }
            }
            if (changed) this.computeVisible();
          }

          toggleFold(key) {
            if (this.folded.has(key)) this.folded.delete(key); else this.folded.add(key);
            this.computeVisible();
            this.scrollTo(this.selected, false);
          }

          /** Folds every call of both executions (only the root call's steps stay), or none. */
          foldAll(fold) {
            this.folded.clear();
            if (fold) {
              for (const side of [this.model, this.teacher]) {
                side.ends.forEach((end, index) => { if (end > index) this.folded.add(side.name + ":" + index); });
              }
            }
            this.computeVisible();
            this.select(this.position[this.selected] >= 0 ? this.selected : this.nearestVisible(this.selected), true);
          }

          nearestVisible(row) {
            for (let candidate = row; candidate >= 0; candidate--) if (this.position[candidate] >= 0) return candidate;
            return 0;
          }

          // MARK: - Drawing rows

          scheduleDraw() {
            if (this.drawScheduled) return;
            this.drawScheduled = true;
            requestAnimationFrame(() => { this.drawScheduled = false; this.draw(); });
          }

          /** Puts the rows in view (and a few around them) into the document, nothing else. */
          draw() {
            const top = this.scroller.scrollTop;
            const height = this.scroller.clientHeight || 600;
            const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - 15);
            const last = Math.min(this.visible.length, Math.ceil((top + height) / ROW_HEIGHT) + 15);
            const fragment = document.createDocumentFragment();
            for (let index = first; index < last; index++) fragment.appendChild(this.rowElement(this.visible[index], index));
            this.rows.replaceChildren(fragment);
            const hidden = this.rowCount - this.visible.length;
            document.getElementById("trace-status").textContent =
              plural(this.rowCount, "row") + ": " + (last - first) + " drawn, the rest as they scroll into view" +
              (hidden ? "; " + plural(hidden, "row") + " inside folded calls" : "");
          }

          rowElement(row, index) {
            const element = el("div", "row");
            element.style.top = index * ROW_HEIGHT + "px";
            element.dataset.row = row;
            if (row === 0) element.classList.add("root");
            if (row === this.divergence) element.classList.add("diverge");
            if (row === this.selected) element.classList.add("selected");
            element.appendChild(el("span", "num", row === 0 ? "start" : String(row)));
            element.appendChild(this.cell(this.model, row));
            element.appendChild(this.cell(this.teacher, row));
            return element;
          }

          /** One side's step in a row: indentation, fold toggle, call, marks. */
          cell(side, row) {
            const cell = el("span", "cell " + side.name);
            const calls = this.data.calls;
            if (row === 0) {
              cell.appendChild(el("span", "call composite", calls[side.execution.root].text));
              return cell;
            }
            let step = side.step(row);
            const failed = side === this.model && row === this.failedRow;
            if (failed) step = this.data.model.failedStep;
            if (!step) {
              cell.classList.add("empty");
              return cell;
            }
            const maxIndented = this.data.maxIndentedDepth;
            const level = Math.min(step.d, maxIndented) + 1;
            const indent = el("span", "ind");
            indent.style.width = level * INDENT + "px";
            cell.appendChild(indent);
            if (step.d > maxIndented) cell.appendChild(el("span", "depth", "[" + step.d + "]"));
            const key = side.name + ":" + (row - 1);
            const opens = !failed && side.ends[row - 1] > row - 1;
            const toggle = el("span", "tog", opens ? (this.folded.has(key) ? "▸" : "▾") : "");
            if (opens) {
              toggle.dataset.fold = key;
              toggle.title = "fold or unfold this call";
            }
            cell.appendChild(toggle);
            const call = calls[step.c];
            const kind = this.data.programs[call.program].kind;
            cell.appendChild(el("span", "call " + kind, call.text));
            if (step.x) cell.appendChild(el("span", "ret", "↩")).title = "returns after this call";
            if (opens && this.folded.has(key)) {
              cell.appendChild(el("span", "folded", plural(side.ends[row - 1] - row + 1, "step")));
            }
            if (step.f) cell.appendChild(el("span", "tag forced", "forced"));
            if (side === this.model) this.markModel(cell, step, row, failed);
            else this.markTeacher(cell, row);
            return cell;
          }

          markModel(cell, step, row, failed) {
            if (failed) {
              const tag = cell.appendChild(el("span", "tag failed", "not carried out"));
              tag.title = this.data.model.failure || "";
            }
            if (this.left && row > this.left) {
              cell.classList.add("off");
              cell.title = "the model left the teacher's execution at step " + this.left;
            }
            if (row === this.divergence) {
              cell.appendChild(el("span", "tag diverge", "◆ diverges")).title = "diff: the first step where the model decides differently";
            } else if (row === this.left) {
              cell.appendChild(el("span", "tag diverge", "leaves the teacher")).title = "the model decides differently here, after forced steps";
            }
            if (step.m) {
              const p = step.m.p / this.data.probabilityScale;
              const text = cell.appendChild(el("span", "p" + (p < 0.5 ? " low" : ""), "p " + p.toFixed(2)));
              text.title = "the model's probability of this decision";
            }
          }

          markTeacher(cell, row) {
            const disagreement = this.disagreements.get(row);
            if (!disagreement) return;
            cell.classList.add("tf");
            const decision = disagreement.model;
            const tag = cell.appendChild(el("span", "tag disagree", "≠ " + this.data.calls[decision.c].text + (decision.x ? " ↩" : "")));
            tag.title = "diff --all: fed the teacher's state, the model would decide this instead";
          }

          // MARK: - Selecting

          onRowClick(event) {
            const toggle = event.target.closest(".tog");
            if (toggle && toggle.dataset.fold) {
              this.toggleFold(toggle.dataset.fold);
              return;
            }
            const row = event.target.closest(".row");
            if (row) this.select(Number(row.dataset.row), false);
          }

          /** Selects `row` (unfolding the calls hiding it), scrolls to it and redraws the panels. */
          select(row, center) {
            row = Math.max(0, Math.min(this.rowCount - 1, row));
            this.reveal(row);
            this.selected = row;
            this.scrollTo(row, center);
            this.draw();
            this.renderSelection();
          }

          scrollTo(row, center) {
            const index = this.position[row];
            if (index < 0) return;
            const top = index * ROW_HEIGHT;
            const height = this.scroller.clientHeight || 600;
            if (center) this.scroller.scrollTop = Math.max(0, top - height / 3);
            else if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
            else if (top + ROW_HEIGHT > this.scroller.scrollTop + height) this.scroller.scrollTop = top + ROW_HEIGHT - height;
          }

          /** The visible row `delta` rows away from the selected one. */
          moveBy(delta) {
            const index = Math.max(0, Math.min(this.visible.length - 1, this.position[this.selected] + delta));
            this.select(this.visible[index], false);
          }

          /** The next (or previous) marked step: the divergence, a disagreement, where the model left. */
          jumpMark(forward) {
            const candidates = forward ? this.marks.filter((row) => row > this.selected)
                                       : this.marks.filter((row) => row < this.selected).reverse();
            if (candidates.length) this.select(candidates[0], true);
          }

          onKey(event) {
            const target = event.target && event.target.tagName;
            if (target === "INPUT") return;  // the slider moves itself
            if (target === "BUTTON" && (event.key === "Enter" || event.key === " ")) return;  // presses the button
            if (event.altKey || event.ctrlKey || event.metaKey) return;
            const page = Math.max(1, Math.floor((this.scroller.clientHeight || 600) / ROW_HEIGHT) - 2);
            const actions = {
              ArrowDown: () => this.moveBy(1), ArrowRight: () => this.moveBy(1), j: () => this.moveBy(1),
              ArrowUp: () => this.moveBy(-1), ArrowLeft: () => this.moveBy(-1), k: () => this.moveBy(-1),
              PageDown: () => this.moveBy(page), PageUp: () => this.moveBy(-page),
              Home: () => this.select(0, true), End: () => this.select(this.visible[this.visible.length - 1], true),
              d: () => { if (this.divergence) this.select(this.divergence, true); },
              n: () => this.jumpMark(true), p: () => this.jumpMark(false),
              Enter: () => this.toggleSelectedFold(),
            };
            const action = actions[event.key];
            if (!action) return;
            event.preventDefault();
            action();
          }

          /** Folds or unfolds the call the selected step makes (the model's, else the teacher's). */
          toggleSelectedFold() {
            const index = this.selected - 1;
            for (const side of [this.model, this.teacher]) {
              if (index >= 0 && index < side.count && side.ends[index] > index) {
                this.toggleFold(side.name + ":" + index);
                return;
              }
            }
          }
        }
        """#
}
