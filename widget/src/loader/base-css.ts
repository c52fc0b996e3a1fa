import { CHAT_GLYPH } from './glyphs.ts'

/**
 * The stylesheet the loader adopts into the shadow root: the host reset, the launcher with its chat
 * glyph (`.g`; hidden by class `i`, set for data-icon), and the rules the app relies on too (box
 * model, focus, screen-reader-only text). The app adopts its own sheet after this one, with its
 * buttons, icons, the launcher's × and the unread dot. A launcher whose app could not load gets an
 * amber ring. px units only: the host page's rem must not leak in. The accent (--a) is a CSSOM
 * property on .root. Text on the accent is white or black, whichever contrasts more: CIE L* 50.7 is
 * where WCAG luminance crosses 0.19, the point where the two contrast ratios meet (browsers without
 * relative colors keep white). In forced-colours mode the glyph is painted ButtonText: the mode
 * forces the button's background but not its colour, which the glyph would otherwise take. Each
 * line ends in a line continuation, so the string holds no newlines (two bytes each in the minified
 * loader).
 */
export const BASE_CSS = `:host{all:initial!important;display:contents!important}\
.root{display:contents;--ln:#1d4ed8}\
*{box-sizing:border-box}\
:focus-visible{outline:2px solid var(--ln);outline-offset:2px}\
.launch{display:grid;place-items:center;border:0;border-radius:50%;padding:0;cursor:pointer;background:var(--a);color:#fff;position:fixed;right:20px;bottom:calc(20px + env(safe-area-inset-bottom));z-index:2147483647;width:56px;height:56px;box-shadow:0 6px 20px #0004}\
@supports (color:lch(from red l c h)){.launch{color:lch(from var(--a) calc((50.7 - l) * 100) 0 0)}}\
.launch>*{grid-area:1/1}\
.g{width:26px;height:26px;forced-color-adjust:none;background:currentColor;clip-path:${CHAT_GLYPH}}\
.i .g{display:none}\
@media (forced-colors:active){.g{background:ButtonText}}\
.launch img{width:32px;height:32px;object-fit:contain}\
.left .launch{right:auto;left:20px}\
.sr{position:fixed;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}\
.fail{box-shadow:0 0 0 4px #b45309}`
