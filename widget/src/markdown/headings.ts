/**
 * The levels headings are shown at. The panel has no headings of its own, so an answer's first
 * heading is an h3 and each deeper level is exactly one more (up to h6), whatever levels the model
 * wrote: `#` then `###` become h3 then h4. axe's heading-order rule wants no skipped level.
 */

/** Headings seen so far, as [written level, shown level] from outermost to innermost. */
export type Outline = readonly (readonly [written: number, shown: number])[]

const FIRST = 3
const LAST = 6

/** The level a heading written at `depth` is shown at, and the outline after it. */
export function headingLevel(outline: Outline, depth: number): [shown: number, next: Outline] {
  const open = outline.filter(([written]) => written < depth)
  const same = outline.find(([written]) => written === depth)
  const shown = same?.[1] ?? Math.min((open.at(-1)?.[1] ?? FIRST - 1) + 1, LAST)
  return [shown, [...open, [depth, shown]]]
}

/** Shown levels for headings written at `depths`, in order. */
export function headingLevels(depths: readonly number[]): number[] {
  let outline: Outline = []
  return depths.map((depth) => {
    const [shown, next] = headingLevel(outline, depth)
    outline = next
    return shown
  })
}
