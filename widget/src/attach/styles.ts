import { COMPOSER_NOTE_CSS } from '../chunks/composer-note.ts'

/** The attachments' CSS, adopted while the composer offers them: chips above the text, 24 px targets. */
export const ATTACH_CSS = `${COMPOSER_NOTE_CSS}
.att{order:-1;flex-basis:100%;list-style:none;margin:0 0 8px;padding:0;display:flex;flex-wrap:wrap;gap:6px}
.att li{display:flex;align-items:center;gap:6px;max-width:100%;padding:2px 2px 2px 8px;border:1px solid var(--bd);border-radius:10px;font-size:12px}
.att img{width:32px;height:32px;object-fit:cover;border-radius:6px}
.att .nm{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:160px}
.att progress{width:56px;accent-color:var(--a)}
.att .refused,.att .failed{border-color:var(--er)}
.att .ib{width:24px;height:24px}
.comp.drop{outline:2px dashed var(--a);outline-offset:-4px}
.clip{align-self:center}
@media (forced-colors:active){.att li{border-color:CanvasText}}`
