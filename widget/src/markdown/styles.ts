/**
 * The CSS of rendered answers, scoped to `.md`; px units only, no requests. Colours come from the
 * theme variables (--fg --mu --sf --bd --ln on .root/.dark), so light and dark both work. Code
 * blocks are dark in both themes: #e5e7eb on #0f172a is 15:1, the label bar's #cbd5e1 on
 * #1e293b 10:1, and their focus ring #93c5fd on #0f172a 10:1 (--ln would be too dark there).
 * Code blocks and table wrappers, which clip their content anyway, contain their paint: a frame
 * re-records only what changed, not every finished block's items (paint over the bench's streamed
 * answer ~700 → ~510 ms).
 */
export const MARKDOWN_CSS = `.md{overflow-wrap:anywhere}
.md>*,.md .tb>*,.md li>*,.md blockquote>*,.md .task>div>*{margin:0 0 8px}
.md>:last-child,.md .tb>:last-child,.md li>:last-child,.md blockquote>:last-child,.md .task>div>:last-child{margin-bottom:0}
.md h3,.md h4,.md h5,.md h6{margin:14px 0 6px;font-weight:600;line-height:1.3}
.md h3{font-size:17px}.md h4{font-size:15px}.md h5,.md h6{font-size:14px}
.md>:first-child{margin-top:0}
.md ul,.md ol{padding-inline-start:22px}
.md li+li{margin-top:4px}
.md .task{list-style:none;display:flex;gap:6px;margin-inline-start:-20px}
.md .task>input{flex:none;margin:4px 0 0;accent-color:var(--ln)}
.md .task>div{flex:1;min-width:0}
.md a{color:var(--ln)}
.md code{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#8882;padding:1px 4px;border-radius:4px}
.md .code{background:#0f172a;color:#e5e7eb;border-radius:10px;overflow:hidden;contain:paint}
.md .bar{display:flex;align-items:center;justify-content:space-between;gap:8px;min-height:28px;padding:2px 4px 2px 12px;background:#1e293b;color:#cbd5e1;font-size:12px}
.md .bar button{padding:2px 8px;border-radius:6px;font-size:12px;color:#e5e7eb}
.md .bar button:hover{background:#fff3}
.md .code :focus-visible{outline:2px solid #93c5fd;outline-offset:-2px}
.md pre{margin:0;padding:10px 12px;overflow-x:auto;scrollbar-width:thin;direction:ltr;text-align:left}
.md pre code{display:block;width:max-content;min-width:100%;background:none;padding:0;color:inherit}
.md blockquote{padding-inline-start:10px;border-inline-start:3px solid var(--bd);color:var(--mu)}
.md hr{border:0;border-top:1px solid var(--bd)}
.md .tbl{max-width:100%;overflow-x:auto;scrollbar-width:thin;contain:paint}
.md table{border-collapse:collapse;overflow-wrap:normal}
.md th,.md td{border:1px solid var(--bd);padding:4px 8px;text-align:start;vertical-align:top}
.md th{background:#8881;font-weight:600}
.md .al-l{text-align:left}.md .al-c{text-align:center}.md .al-r{text-align:right}
.md .tbl:focus-visible,.md .mathd:focus-visible{outline:2px solid var(--ln);outline-offset:2px}
.md img{display:block;max-width:100%;height:auto;border-radius:8px}
.md .raw{white-space:pre-wrap}
.md .mathd{display:block;max-width:100%;overflow-x:auto;padding:2px 0;text-align:center}
.md .math code,.md .mathd code{white-space:pre-wrap}
.md .think{padding-inline-start:10px;border-inline-start:2px solid var(--bd);font-size:13px;color:var(--mu)}
.md .think>summary{width:max-content;cursor:pointer;font-weight:600}
.md .think[open]>summary{margin-bottom:6px}`
