/**
 * When a conversation was last active, as the list shows it: "5 minutes ago", "yesterday", then the
 * date ("12 Mar", with the year when it is not this year), worded by Intl in the widget's language.
 */
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export function when(at: number, lang: string, now = Date.now()): string {
  const ago = Math.max(0, now - at)
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' })
  if (ago < MINUTE) return relative.format(0, 'second')
  if (ago < HOUR) return relative.format(-Math.floor(ago / MINUTE), 'minute')
  if (ago < DAY) return relative.format(-Math.floor(ago / HOUR), 'hour')
  if (ago < 7 * DAY) return relative.format(-Math.floor(ago / DAY), 'day')
  const date = new Date(at)
  return date.toLocaleDateString(lang, {
    day: 'numeric',
    month: 'short',
    ...(date.getFullYear() !== new Date(now).getFullYear() && { year: 'numeric' }),
  })
}
