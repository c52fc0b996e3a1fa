/** Picks a readable text color for the accent from its WCAG relative luminance. */
export type Rgb = number[]

/** Parses rgb() colors; any other syntax resolves through `probe`'s computed style (rgb()). */
export function toRgb(color: string, probe?: HTMLElement): Rgb | null {
  const rgb = /^rgba?\(([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(color)
  if (rgb) return rgb.slice(1, 4).map(Number)
  if (!probe) return null
  probe.style.setProperty('color', color)
  const computed = getComputedStyle(probe).color
  probe.style.removeProperty('color')
  return computed === color ? null : toRgb(computed)
}

/** WCAG 2 relative luminance, 0 (black) … 1 (white). */
export function luminance(rgb: Rgb): number {
  const [r = 0, g = 0, b = 0] = rgb.map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/**
 * White or near-black (#111827), whichever contrasts more with `background`: above luminance
 * ≈0.18 dark text wins (the two contrast ratios cross there).
 */
export function textOn(background: Rgb | null): string {
  return background && luminance(background) > 0.19 ? '#111827' : '#fff'
}
