// The viewer page's stylesheet: system fonts only (nothing is fetched), one colour per meaning.

enum ViewStyle {
    /// Model blue, teacher green, divergence red, teacher-forced disagreement orange, forced purple.
    static let css = #"""
        :root {
          --ink: #1f2933; --muted: #6b7785; --faint: #9aa5b1; --line: #e3e8ee; --paper: #ffffff;
          --page: #f4f6f9; --model: #2563eb; --model-soft: #dbe6fd; --teacher: #0f8a5f;
          --teacher-soft: #d5f0e4; --diverge: #d92d20; --diverge-soft: #fde4e1; --disagree: #e07a10;
          --disagree-soft: #fdebd3; --forced: #7c3aed; --off: #eef0f3; --select: #fff4c2;
          --changed: #ffe27a; --row: 22px;
          --mono: ui-monospace, "SF Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace;
          --sans: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, sans-serif;
        }
        * { box-sizing: border-box; }
        html, body { margin: 0; background: var(--page); color: var(--ink); font: 14px/1.4 var(--sans); }
        button { font: inherit; font-size: 12px; border: 1px solid var(--line); background: var(--paper);
          color: var(--ink); border-radius: 6px; padding: 3px 9px; cursor: pointer; white-space: nowrap; }
        button:hover { border-color: var(--model); color: var(--model); }
        button:disabled { color: var(--faint); border-color: var(--line); cursor: default; }
        #npi-error { margin: 12px; padding: 12px; background: var(--diverge-soft); color: var(--diverge);
          border: 1px solid var(--diverge); border-radius: 8px; white-space: pre-wrap; }
        .noscript { margin: 16px; }

        /* Header and summary */
        .top { display: flex; align-items: baseline; gap: 18px; padding: 10px 18px 6px; flex-wrap: wrap; }
        .brand { font-size: 18px; letter-spacing: .02em; color: var(--muted); }
        .brand b { color: var(--ink); }
        .headline { font-size: 18px; font-weight: 600; }
        .headline .path { font: 12px var(--mono); color: var(--muted); font-weight: 400; margin-left: 10px; }
        .sections { margin-left: auto; display: flex; gap: 12px; font-size: 13px; }
        .sections a { color: var(--model); text-decoration: none; }
        .summary { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) minmax(0, 2.2fr); gap: 10px;
          padding: 0 18px 10px; }
        .card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 7px 12px;
          min-width: 0; overflow-wrap: anywhere; }
        .card h3 { margin: 0 0 2px; font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
        .card .big { font-size: 15px; font-weight: 600; }
        .card .mono { font: 12.5px/1.5 var(--mono); }
        .card.model { border-top: 3px solid var(--model); }
        .card.teacher { border-top: 3px solid var(--teacher); }
        .card.diff { border-top: 3px solid var(--diverge); }
        .card.diff.agrees { border-top-color: var(--teacher); }
        .card pre { margin: 2px 0 0; font: 12px/1.45 var(--mono); white-space: pre-wrap; }
        .good { color: var(--teacher); }
        .bad { color: var(--diverge); }
        .card .jump { margin-left: 8px; }

        /* The two panels */
        .viewer { display: grid; grid-template-columns: minmax(0, 1.05fr) minmax(360px, .95fr); gap: 12px;
          padding: 0 18px 12px; height: calc(100vh - 150px); min-height: 480px; }
        .panel { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; min-height: 0;
          display: flex; flex-direction: column; overflow: hidden; }

        /* The trace: one row per step, model left, teacher right */
        .trace-head, .row { display: grid; grid-template-columns: 56px minmax(0, 1fr) minmax(0, 1fr); }
        .trace-head { border-bottom: 1px solid var(--line); font-size: 12px; color: var(--muted); padding: 6px 0; }
        .trace-head .num { text-align: right; padding-right: 8px; }
        .side-title { padding-left: 10px; font-weight: 600; text-transform: uppercase; letter-spacing: .06em; }
        .side-title.model { color: var(--model); }
        .side-title.teacher { color: var(--teacher); border-left: 1px solid var(--line); }
        .trace-scroll { flex: 1; overflow-y: auto; overflow-x: hidden; position: relative; outline: none; }
        .trace-rows { position: relative; }
        .row { position: absolute; left: 0; right: 0; height: var(--row); font: 12.5px/var(--row) var(--mono);
          cursor: pointer; white-space: nowrap; }
        .row:hover { background: #f7f9fb; }
        .row .num { text-align: right; padding-right: 8px; color: var(--faint); position: relative; }
        .row .cell { overflow: hidden; text-overflow: ellipsis; padding-left: 6px; position: relative; display: flex;
          align-items: center; gap: 4px; }
        .row .cell.teacher { border-left: 1px solid var(--line); }
        .row .cell .ind { flex: none; display: inline-block; height: var(--row);
          background: repeating-linear-gradient(to right, transparent 0 6px, var(--line) 6px 7px, transparent 7px 14px); }
        .row .cell .depth { flex: none; color: var(--muted); font-size: 11px; }
        .row .tog { flex: none; width: 14px; text-align: center; color: var(--muted); border-radius: 3px; }
        .row .tog:hover { background: var(--line); color: var(--ink); }
        .row .call { flex: none; }
        .row .call.composite { font-weight: 600; }
        .row .call.nop { color: var(--muted); }
        .row .ret { color: var(--muted); flex: none; }
        .row .folded { color: var(--muted); font-size: 11px; background: var(--off); border-radius: 8px; padding: 0 6px;
          line-height: 16px; flex: none; }
        .row .p { margin-left: auto; padding-right: 8px; color: var(--muted); font-size: 11px; flex: none; }
        .row .p.low { color: var(--disagree); font-weight: 600; }
        .row .tag { flex: 0 1 auto; min-width: 12px; overflow: hidden; text-overflow: ellipsis; font: 10px/15px var(--sans);
          border-radius: 8px; padding: 0 6px; color: #fff; }
        .tag.forced { background: var(--forced); }
        .tag.failed { background: var(--diverge); }
        .tag.diverge { background: var(--diverge); }
        .tag.disagree { background: var(--disagree); }
        .row .cell.off { background: repeating-linear-gradient(135deg, var(--off) 0 6px, #f7f8fa 6px 12px); color: #56606b; }
        .row .cell.empty { background: transparent; }
        .row .cell.tf { box-shadow: inset 3px 0 0 var(--disagree); }
        .row.diverge .cell { background: var(--diverge-soft); }
        .row.diverge .num { color: var(--diverge); font-weight: 700; }
        .row.root .call { font-weight: 700; }
        .row.selected { background: var(--select) !important; }
        .row.selected .cell { background-color: transparent; }
        .row.selected .num::before { content: ""; position: absolute; left: 0; top: 3px; bottom: 3px; width: 4px;
          border-radius: 2px; background: var(--model); }
        .trace-foot { border-top: 1px solid var(--line); padding: 5px 10px; font-size: 12px; color: var(--muted);
          display: flex; gap: 10px; align-items: center; }
        .trace-foot .buttons { margin-left: auto; display: flex; gap: 6px; }

        /* The selected step */
        .side-panel { overflow-y: auto; padding: 10px 14px; gap: 12px; }
        .navigator { display: flex; flex-direction: column; gap: 6px; }
        .navigator .line { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
        .navigator .stepno { font-size: 20px; font-weight: 700; margin-right: 6px; }
        .navigator .stepno small { font-size: 13px; font-weight: 400; color: var(--muted); }
        .navigator input[type=range] { width: 100%; accent-color: var(--model); }
        h4 { margin: 4px 0 6px; font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
        h4 .hint { text-transform: none; letter-spacing: 0; font-weight: 400; margin-left: 6px; }
        .pictures { display: flex; flex-wrap: wrap; column-gap: 28px; }  /* side by side when they fit */
        .picture { margin-bottom: 10px; }
        .picture h4.model { color: var(--model); }
        .picture h4.teacher { color: var(--teacher); }
        .grid { display: inline-grid; gap: 3px 3px; align-items: center; font: 13px var(--mono); }
        .grid .label { color: var(--muted); font-size: 12px; padding-right: 8px; text-align: right; }
        .grid .c { width: 24px; height: 26px; border: 1px solid #cfd6de; border-radius: 5px; display: flex;
          align-items: center; justify-content: center; background: var(--paper); }
        .grid .c.blank { border-style: dashed; border-color: #dde2e8; background: #fbfcfd; }
        .grid .c.ptr { border: 2px solid var(--ink); font-weight: 700; }
        .picture.model .grid .c.ptr { border-color: var(--model); background: var(--model-soft); }
        .picture.teacher .grid .c.ptr { border-color: var(--teacher); background: var(--teacher-soft); }
        .grid .c.changed { background: var(--changed) !important; }
        .grid .more { color: var(--faint); font-size: 11px; text-align: center; }
        .grid .lane { height: 14px; font-size: 12px; text-align: center; line-height: 14px; }
        .picture.model .grid .lane.on { color: var(--model); }
        .picture.teacher .grid .lane.on { color: var(--teacher); }
        .picture .note { font-size: 11px; color: var(--muted); margin-top: 3px; }

        /* The decision's distributions */
        .decision .head { font: 12px var(--mono); color: var(--muted); margin-bottom: 8px; }
        .bars { display: grid; grid-template-columns: 62px 84px minmax(80px, 1fr) 52px 34px; gap: 3px 8px;
          align-items: center; font: 12px var(--mono); margin-bottom: 6px; }
        .bars .what { color: var(--muted); font: 11px var(--sans); text-transform: uppercase; letter-spacing: .04em; }
        .bars .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .bars .track { height: 12px; background: var(--off); border-radius: 6px; position: relative; overflow: visible; }
        .bars .fill { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 6px; background: #b6c0cc; min-width: 2px; }
        .bars .fill.model { background: var(--model); }
        .bars .fill.teacher { background: var(--teacher); }
        .bars .alpha { position: absolute; top: -3px; bottom: -3px; width: 2px; background: var(--ink); }
        .bars .value { text-align: right; }
        .bars .who { display: flex; gap: 2px; }
        .chip { font: 10px/14px var(--sans); border-radius: 7px; padding: 0 4px; color: #fff; }
        .chip.model { background: var(--model); }
        .chip.teacher { background: var(--teacher); }
        .why { font: 12px/1.5 var(--mono); white-space: pre-wrap; background: #f8fafc; border: 1px solid var(--line);
          border-radius: 8px; padding: 6px 9px; margin: 6px 0 12px; }
        .why .lost { color: var(--diverge); }
        .decision .block { margin-bottom: 14px; }
        .decision .block.tf { border-left: 3px solid var(--disagree); padding-left: 10px; }
        .decision .none { color: var(--muted); font-size: 13px; }

        /* Extra sections and the legend */
        .extra { margin: 0 18px 12px; background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
          padding: 10px 16px; }
        .extra h2 { font-size: 15px; margin: 2px 0 8px; }
        .legend { padding: 0 18px 10px; font-size: 12px; color: var(--muted); display: flex; gap: 16px; flex-wrap: wrap; }
        .legend .key { display: inline-flex; gap: 6px; align-items: center; }
        .legend .swatch { width: 14px; height: 12px; border-radius: 3px; display: inline-block; }
        kbd { font: 11px var(--mono); border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px;
          padding: 0 4px; background: var(--paper); color: var(--ink); }
        """#
}
