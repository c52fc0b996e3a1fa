/**
 * Just enough of Source Map v3 to say where a generated line:column came from: the `mappings`
 * Base64 VLQ decoded per generated line, then a lookup of the last segment at or before a column.
 */

export interface RawSourceMap {
  sources: string[]
  names?: string[]
  mappings: string
}

export interface Original {
  source: string
  /** 0-based, as in the map. */
  line: number
  column: number
  name: string | null
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]))

/** The Base64 VLQ numbers of one segment, e.g. `AAgBC` → [0, 0, 16, 1]. */
export function decodeVlq(segment: string): number[] {
  const out: number[] = []
  let value = 0
  let shift = 0
  for (const c of segment) {
    const digit = DIGIT.get(c)
    if (digit === undefined) throw new Error(`bad VLQ digit ${c}`)
    value += (digit & 31) << shift
    if (digit & 32) {
      shift += 5
      continue
    }
    out.push(value & 1 ? -(value >>> 1) : value >>> 1)
    value = 0
    shift = 0
  }
  return out
}

/** [generated column, source, line, column, name?], absolute, per generated line, by column. */
type Segment = [number, number, number, number, number | undefined]

export class SourceMap {
  private readonly lines: Segment[][]

  constructor(private readonly map: RawSourceMap) {
    const lines: Segment[][] = []
    let source = 0
    let line = 0
    let column = 0
    let name = 0
    for (const text of map.mappings.split(';')) {
      const segments: Segment[] = []
      let generated = 0
      for (const piece of text.split(',')) {
        if (!piece) continue
        const [g = 0, s, l, c, n] = decodeVlq(piece)
        generated += g
        if (s === undefined || l === undefined || c === undefined) continue
        source += s
        line += l
        column += c
        if (n !== undefined) name += n
        segments.push([generated, source, line, column, n === undefined ? undefined : name])
      }
      segments.sort((a, b) => a[0] - b[0])
      lines.push(segments)
    }
    this.lines = lines
  }

  /** Where generated `line`:`column` (both 0-based) came from, or null when unmapped. */
  lookup(line: number, column: number): Original | null {
    const segments = this.lines[line]
    if (!segments?.length) return null
    let low = 0
    let high = segments.length - 1
    let hit = -1
    while (low <= high) {
      const mid = (low + high) >> 1
      if ((segments[mid]?.[0] ?? 0) <= column) {
        hit = mid
        low = mid + 1
      } else high = mid - 1
    }
    const segment = segments[Math.max(hit, 0)]
    if (!segment) return null
    const [, source, origLine, origColumn, name] = segment
    return {
      source: this.map.sources[source] ?? '?',
      line: origLine,
      column: origColumn,
      name: name === undefined ? null : (this.map.names?.[name] ?? null),
    }
  }
}
