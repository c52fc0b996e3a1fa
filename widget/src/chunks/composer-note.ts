/**
 * What the composer's chunks (voice, attach) add under the text: a line for their status notes, on
 * a row of its own. Each chunk adopts it with its own sheet.
 */
export const COMPOSER_NOTE_CSS = `.comp{flex-wrap:wrap;row-gap:0}
.vn{order:9;flex-basis:100%;margin:0;font-size:12px;color:var(--mu)}
.vn:not(:empty){padding-top:6px}`
