/**
 * The generator's CSS, adopted while it is shown (the form's fields bring start-form/styles.ts):
 * one scrolling column, the form on top and the results under it.
 */
export const GENERATE_CSS = `.gen{flex:1;overflow-y:auto;scrollbar-width:thin;overscroll-behavior:contain;display:flex;flex-direction:column}
.gen .sf{border-top:0;max-height:none;overflow:visible;flex:none}
.gen .row{display:flex;justify-content:flex-end;flex-wrap:wrap;gap:8px}
.gen .row .btn{margin:0;min-height:32px}
.gen .out{padding:0 16px 16px;display:flex;flex-direction:column;gap:14px}
.gen .out>h2{margin:0;font-size:15px;font-weight:600}
.gen .out .msg{max-width:none}
.gen .none{margin:0;color:var(--mu)}
.gen ol{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.gen summary{cursor:pointer;min-height:24px;color:var(--mu)}
.gen li summary{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}`
