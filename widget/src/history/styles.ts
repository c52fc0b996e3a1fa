/**
 * The history view's CSS, adopted into the shadow root while the view is shown. It sits in the
 * panel before the log and the composer, which it hides (they stay mounted: the draft is kept).
 * Colours are the theme's variables; the current conversation is marked by a bar in the accent
 * and, for forced colours, in Highlight.
 */
export const HISTORY_CSS = `.hist~.log,.hist~.comp{display:none}
.hist{flex:1;overflow-y:auto;scrollbar-width:thin;overscroll-behavior:contain;padding:12px 16px 16px;display:flex;flex-direction:column;gap:8px}
.hist h2{margin:0;font-size:15px;font-weight:600}
.convs{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:2px}
.conv{display:flex;flex-wrap:wrap;align-items:center;gap:2px;border-radius:10px}
.conv:hover,.conv:focus-within{background:var(--sf)}
.open{flex:1;min-width:0;min-height:44px;display:flex;flex-direction:column;align-items:flex-start;text-align:start;padding:6px 10px;border-radius:10px;border-inline-start:3px solid transparent}
.open[aria-current=true]{border-inline-start-color:var(--a)}
.nm{max-width:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-weight:500}
.confirm{border:0;margin:0;min-width:0}
.ren,.confirm{flex:1;display:flex;flex-wrap:wrap;align-items:center;gap:6px;padding:6px 10px}
.ren input{flex:1 1 150px;min-width:0;min-height:32px;padding:4px 10px;border:1px solid var(--bd);border-radius:8px;font:inherit;color:inherit;background:var(--bg)}
.confirm p{flex-basis:100%;margin:0}
.conv .err{flex-basis:100%;margin:0 10px 6px;font-size:12px}
.hist .btn{margin:0}
.danger{color:var(--er);border-color:currentColor}
.link{align-self:flex-start;margin-top:auto;min-height:24px;color:var(--mu);font-size:12px;text-decoration:underline}
@media (forced-colors:active){.open[aria-current=true]{border-inline-start-color:Highlight}.danger{border-color:ButtonText}}`
