/**
 * The app's stylesheet, adopted by the shadow root after the loader's (loader/base-css.ts holds the
 * host reset, launcher, focus and screen-reader-only rules). No <style> element, so a CSP `style-src` without
 * 'unsafe-inline' works. px units only: the host page's rem must not leak in. Rendered answers have
 * their own rules (markdown/styles.ts).
 */
import { CLOSE_GLYPH } from './loader/glyphs.ts'
import { MARKDOWN_CSS } from './markdown/styles.ts'

export const CSS = `:host([data-mode=inline]){display:block!important;height:100%!important}
.app{display:contents}
svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
button{font:inherit;color:inherit;cursor:pointer;border:0;background:none;padding:0}
.launch[aria-expanded=true] .g{display:block;clip-path:${CLOSE_GLYPH}}
.launch[aria-expanded=true] img{display:none}
.dot{position:absolute;top:2px;right:2px;width:14px;height:14px;border-radius:50%;background:#dc2626;border:2px solid #fff}
.root{font:14px/1.5 var(--parley-font,system-ui,sans-serif);color:var(--fg);--bg:#fff;--fg:#111827;--mu:#4b5563;--sf:#f3f4f6;--bd:#e5e7eb;--er:#b91c1c}
.dark{--bg:#111827;--fg:#f3f4f6;--mu:#9ca3af;--sf:#1f2937;--bd:#374151;--ln:#93c5fd;--er:#fca5a5}
.panel{position:fixed;right:20px;z-index:2147483647}
.send,.head,.user .b{background:var(--a);color:#fff}
@supports (color:lch(from red l c h)){.send,.head,.user .b{color:lch(from var(--a) calc((50.7 - l) * 100) 0 0)}}
.send,.ib{display:grid;place-items:center;border-radius:50%}
.left .panel{right:auto;left:20px;transform-origin:0 100%}
.acts svg{width:16px;height:16px}
.head :focus-visible{outline-color:currentColor}
.panel{bottom:calc(88px + env(safe-area-inset-bottom));width:var(--parley-width,384px);height:var(--parley-height,min(640px,100vh - 112px));display:flex;flex-direction:column;background:var(--bg);color:var(--fg);border-radius:var(--parley-radius,16px);box-shadow:0 12px 40px #0003,0 0 0 1px var(--bd);overflow:hidden;transform-origin:100% 100%;animation:pin .24s cubic-bezier(.2,.8,.2,1)}
.panel[hidden]{display:none}
.inline .panel{position:relative;inset:auto;width:100%;height:100%;min-height:360px;animation:none}
@keyframes pin{from{opacity:0;transform:translateY(16px) scale(.96)}}
@media (max-width:480px){.bubble .panel{inset:0;width:auto;height:auto;border-radius:0;padding:env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left)}}
.bubble .full{inset:0;width:auto;height:auto;border-radius:0;padding:env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left)}
@media (max-width:480px){.xp{display:none}}
@media (prefers-reduced-motion:reduce){.panel{animation:none}}
.head{display:flex;align-items:center;gap:4px;padding:12px 8px 12px 16px}
.title{flex:1;font-size:16px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.badge{font-size:11px;padding:0 8px;border:1px solid;border-radius:99px}
.ib{width:32px;height:32px}
.ib:hover,.btn:hover,[aria-pressed=true]{background:#8883}
.log{flex:1;overflow-y:auto;scrollbar-width:thin;overscroll-behavior:contain;padding:16px;display:flex;flex-direction:column;gap:14px}
.msg{max-width:88%;display:flex;flex-direction:column;gap:4px;align-items:flex-start}
.user{align-self:flex-end;align-items:flex-end}
.b{padding:10px 14px;border-radius:18px;border-end-start-radius:4px;background:var(--sf);overflow-wrap:anywhere;max-width:100%}
.user .b{border-radius:18px;border-end-end-radius:4px;white-space:pre-wrap}
.st{font-size:12px;color:var(--mu)}
.st:empty::after{content:"\\2022\\2022\\2022"}
.st ol{margin:0;padding-inline-start:18px}
.st [aria-current]{color:var(--fg)}
.err{color:var(--er)}
.files{display:flex;flex-wrap:wrap;gap:6px;font-size:12px}
.user .files span{padding:2px 8px;border:1px solid var(--bd);border-radius:10px}
.ans{margin:0;font-size:12px;color:var(--mu)}
.acts{display:flex;color:var(--mu)}
.dislike svg{rotate:180deg}
.msg:not([data-last]) .rg{display:none}
.btn{border:1px solid var(--bd);border-radius:99px;padding:6px 12px;margin:4px}
.panel img{display:block;max-width:100%;border-radius:10px}
details{font-size:12px;color:var(--mu)}
.msg>details a{display:inline-block;line-height:24px}
.comp{display:flex;align-items:flex-end;gap:8px;padding:12px;border-top:1px solid var(--bd)}
textarea{flex:1;resize:none;field-sizing:content;max-height:140px;padding:10px 14px;border:1px solid var(--bd);border-radius:21px;font:inherit;color:inherit;background:none}
textarea::placeholder{color:var(--mu)}
.send{flex:none;width:42px;height:42px}
.send:disabled{opacity:.45}
ul,ol{padding-inline-start:20px}
a{color:var(--ln)}
@media (forced-colors:active){.launch,.ib,.send,.md .bar button{border:1px solid ButtonText}.panel{border:1px solid CanvasText}[aria-pressed=true]{background:SelectedItem;color:SelectedItemText}.send:disabled{border-color:GrayText}}
${MARKDOWN_CSS}`
