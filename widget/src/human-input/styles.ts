/** The human-input form's CSS, adopted while it is shown: full-width fields, 24 px targets at least. */
export const HUMAN_FORM_CSS = `.hfw{display:contents}
.hf{display:flex;flex-direction:column;gap:8px;width:100%;padding:10px 14px;border:1px solid var(--bd);border-radius:14px;box-sizing:border-box}
.hf label{display:flex;flex-direction:column;gap:4px;font-weight:500}
.hf input,.hf textarea{min-height:36px;padding:6px 10px;border:1px solid var(--bd);border-radius:8px;font:inherit;font-weight:400;color:inherit;background:var(--bg);max-height:none;field-sizing:fixed;resize:vertical}
.hf textarea{min-height:72px}
.hf .row{display:flex;flex-wrap:wrap;gap:8px}
.hf .btn{margin:0;min-height:32px;background:none;color:inherit}
.hf .primary,.hf .accent{background:var(--a);color:#fff;border-color:transparent}
@supports (color:lch(from red l c h)){.hf .primary,.hf .accent{color:lch(from var(--a) calc((50.7 - l) * 100) 0 0)}}
.hf .ghost{border-color:transparent;text-decoration:underline}
.hf [role=alert]:empty{display:none}
@media (forced-colors:active){.hf .btn{border:1px solid ButtonText}}`
