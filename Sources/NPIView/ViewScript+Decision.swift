// The page script's decision panel: for the selected step, what `why` shows (the observation
// read, r against α, the most probable programs and argument values, p and its factors, the
// teacher's decision), with the distributions drawn as bars. Where the model has left the
// teacher's execution, the teacher-forced decision `diff --all` found at that step as well.

extension ViewScript {
    static let decision = #"""
        Object.assign(Viewer.prototype, {
          renderDecision(row) {
            const box = document.getElementById("decision");
            box.replaceChildren();
            if (row === 0) {
              box.appendChild(el("div", "none", "The start: the root call begins. Select a step to see the decision taken there."));
              return;
            }
            const failed = row === this.failedRow;
            const step = failed ? this.data.model.failedStep : this.model.step(row);
            if (step && step.m) {
              const title = "Model's decision at step " + row + (failed ? " (not carried out)" : "");
              box.appendChild(this.decisionBlock(title, row, step, step.m, this.teacherDecisionAt(row), false));
            } else {
              const ended = this.data.model.finished ? "finished" : "stopped";
              box.appendChild(el("div", "none", "The model's execution " + ended + " after step " + this.model.count + "."));
            }
            const disagreement = this.disagreements.get(row);
            const teacherStep = this.teacher.step(row);
            if (disagreement && teacherStep && !this.teacherDecisionAt(row)) {
              const title = "Teacher-forced at the teacher's step " + row + " (diff --all)";
              box.appendChild(this.decisionBlock(title, row, teacherStep, disagreement.model,
                { c: teacherStep.c, x: !!teacherStep.x }, true));
            }
          },

          /** The teacher's decision at model step `row`, while the model still followed it there. */
          teacherDecisionAt(row) {
            if (row > this.teacher.count || (this.left && row > this.left)) return null;
            const step = this.teacher.steps[row - 1];
            return { c: step.c, x: !!step.x };
          },

          decisionBlock(title, row, step, decision, teacher, teacherForced) {
            const data = this.data;
            const calls = data.calls, programs = data.programs;
            const block = el("div", "block" + (teacherForced ? " tf" : ""));
            block.appendChild(el("h4", null, title));
            block.appendChild(el("div", "head", "step " + row + ": " + calls[step.s].text + " at depth " + step.d +
              " read " + data.observations[step.o]));
            const own = calls[decision.c];
            const theirs = teacher ? calls[teacher.c] : null;
            const bars = block.appendChild(el("div", "bars"));
            this.bar(bars, "return", "r", decision.r, null, null, data.alpha);
            this.ranked(decision.P, [own.program, theirs && theirs.program], 5).forEach((id, index) => {
              this.bar(bars, index ? "" : "program", programs[id].name, decision.P[id], id === own.program,
                theirs ? id === theirs.program : null);
            });
            const arity = Math.max(programs[own.program].arity, theirs ? programs[theirs.program].arity : 0);
            for (let slot = 0; slot < arity; slot++) {
              const ownValue = slot < own.arguments.length ? own.arguments[slot] : null;
              const theirValue = theirs && slot < theirs.arguments.length ? theirs.arguments[slot] : null;
              this.ranked(decision.A[slot], [ownValue, theirValue], 3).forEach((value, index) => {
                this.bar(bars, index ? "" : "arg " + (slot + 1), String(value), decision.A[slot][value],
                  value === ownValue, theirs ? value === theirValue : null);
              });
            }
            const returns = decision.x;
            const lines = ["return    r=" + this.fixed4(decision.r) + (returns ? " >= " : " < ") + "α=" + data.alphaText + ": " +
              (returns ? "returns after the call" : "goes on")];
            lines.push("model     " + this.explain(decision));
            const explanation = decision.e || [];
            lines.push(...explanation);
            if (!explanation.some((line) => line.startsWith("teacher"))) lines.push("teacher   " + this.teacherNote(row, teacher));
            const why = block.appendChild(el("div", "why"));
            for (const line of lines) why.appendChild(el("div", line.startsWith("lost") ? "lost" : null, line));
            return block;
          },

          teacherNote(row, teacher) {
            if (teacher) return "the same";
            if (this.left && this.left < row) {
              return "none here: the model left the teacher's execution at step " + this.left + " ('why @" + this.left + "')";
            }
            return "none: it has finished";
          },

          /** `WRITE(1,3)  p=0.3722 (0.9909 × 0.9996 × 0.3757)`, as `why` writes the model's decision. */
          explain(decision) {
            const call = this.data.calls[decision.c];
            const factors = [decision.P[call.program]];
            call.arguments.forEach((value, slot) => factors.push(decision.A[slot][value]));
            const product = factors.length > 1 ? " (" + factors.map((units) => this.fixed4(units)).join(" × ") + ")" : "";
            return call.text + (decision.x ? " return" : "") + "  p=" + this.fixed4(decision.p) + product;
          },

          fixed4(units) {
            return (units / this.data.probabilityScale).toFixed(4);
          },

          /** The `count` most probable indices, most probable first, and any of `include` not among them. */
          ranked(values, include, count) {
            const order = values.map((value, index) => index).sort((a, b) => values[b] - values[a] || a - b);
            const chosen = order.slice(0, count);
            for (const index of include) if (index !== null && index !== undefined && !chosen.includes(index)) chosen.push(index);
            return chosen;
          },

          /** One bar: a head's name, the value's name, its probability, who chose it; α marked for r. */
          bar(bars, what, name, units, byModel, byTeacher, alpha) {
            bars.appendChild(el("span", "what", what));
            bars.appendChild(el("span", "name", name));
            const track = bars.appendChild(el("span", "track"));
            const fill = track.appendChild(el("span", "fill" + (byModel || alpha !== undefined ? " model" : byTeacher ? " teacher" : "")));
            fill.style.width = (100 * units / this.data.probabilityScale) + "%";
            if (alpha !== undefined) {
              const mark = track.appendChild(el("span", "alpha"));
              mark.style.left = "calc(" + (100 * alpha) + "% - 1px)";
              mark.title = "α = " + alpha;
            }
            bars.appendChild(el("span", "value", this.fixed4(units)));
            const who = bars.appendChild(el("span", "who"));
            if (byModel) who.appendChild(el("span", "chip model", "M")).title = "the model's choice";
            if (byTeacher) who.appendChild(el("span", "chip teacher", "T")).title = "the teacher's choice";
          },
        });
        """#
}
