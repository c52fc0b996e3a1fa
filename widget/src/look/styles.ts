/** The footer's CSS, adopted while the look chunk is shown (the answer icon's rules come with it). */
export const FOOTER_CSS = `.foot{padding:0 12px 8px;font-size:12px;color:var(--mu);text-align:center}
.foot:empty{display:none}
.foot p{margin:0}
.foot a{display:inline-block;line-height:24px}
`
