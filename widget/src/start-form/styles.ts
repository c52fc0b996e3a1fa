/**
 * The start form's CSS, adopted while it is shown. As the composer's stand-in it sits at the
 * panel's foot and scrolls when long; fields are full width, 24 px targets at least.
 */
export const FORM_CSS = `.sf{display:flex;flex-direction:column;gap:10px;padding:12px 16px;border-top:1px solid var(--bd);max-height:65%;overflow-y:auto;scrollbar-width:thin}
.sf h2{margin:0;font-size:15px;font-weight:600}
.sf p{margin:0}
.sf summary{cursor:pointer;color:var(--mu);min-height:24px}
.sf details .fld{margin-top:10px}
.fld{display:flex;flex-direction:column;gap:4px}
.fld label{font-weight:500}
.fld.check{flex-direction:row;align-items:center;gap:8px}
.fld.check input{width:18px;height:18px;margin:0;accent-color:var(--a)}
.sf input:not([type=checkbox]),.sf select,.sf textarea{min-height:36px;padding:6px 10px;border:1px solid var(--bd);border-radius:8px;font:inherit;color:inherit;background:var(--bg);max-height:none;field-sizing:fixed}
.sf [aria-invalid=true]{border-color:var(--er)}
.sf .err{font-size:12px}
.sf .err:empty{display:none}
.files{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:4px}
.files li{display:flex;align-items:center;gap:6px;justify-content:space-between}
.files .btn{margin:0;padding:0 8px;min-width:24px;min-height:24px}
.sf .start{align-self:flex-end;margin:0;background:var(--a);color:#fff;border-color:transparent}
@supports (color:lch(from red l c h)){.sf .start{color:lch(from var(--a) calc((50.7 - l) * 100) 0 0)}}
@media (forced-colors:active){.sf .start{border-color:ButtonText}.sf [aria-invalid=true]{border-color:Mark}}`
