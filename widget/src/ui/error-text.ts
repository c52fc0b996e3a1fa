import type { ChatError } from '../stores/message.ts'
import type { View } from './view.ts'

/**
 * What a failed answer says: the rate limit's wait ("in 12 seconds", then "now", worded by Intl
 * in the widget's language; the app's daily limit says so), no connection, the relay's message, or
 * the generic text.
 */
export function errorText(error: ChatError | undefined, { t, lang }: View): string {
  if (error?.until) {
    const s = Math.max(0, Math.ceil((error.until - Date.now()) / 1000))
    const [n, unit]: [number, Intl.RelativeTimeFormatUnit] =
      s < 90 ? [s, 'second'] : s < 5400 ? [s / 60, 'minute'] : [s / 3600, 'hour']
    const when = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(Math.ceil(n), unit)
    return (error.appLimit ? t.appLimit : t.wait).replace('{}', when)
  }
  return error?.code === 'offline' ? t.offline : error?.message || t.error
}
