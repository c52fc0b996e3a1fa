/** The configured key kept out of one answer's widget events (see redact.ts). */
import type { WidgetEvent } from '@parley/shared'
import type { Redactor } from './redact.ts'

function redacted(event: WidgetEvent, redact: Redactor): WidgetEvent {
  switch (event.type) {
    case 'delta':
    case 'replace':
      return { ...event, text: redact(event.text) }
    case 'status':
      return { ...event, label: redact(event.label) }
    case 'file':
      return { ...event, url: redact(event.url) }
    case 'error':
      return { ...event, message: redact(event.message) }
    case 'form':
      return {
        ...event,
        form: {
          ...event.form,
          title: redact(event.form.title),
          content: redact(event.form.content),
          fields: event.form.fields.map((field) => ({ ...field, default: redact(field.default) })),
          actions: event.form.actions.map((action) => ({ ...action, title: redact(action.title) })),
        },
      }
    case 'end':
      return {
        ...event,
        sources: event.sources.map((source) => ({
          ...source,
          title: redact(source.title),
          snippet: redact(source.snippet),
          ...(source.url !== undefined && { url: redact(source.url) }),
        })),
        ...(event.outputs && {
          outputs: Object.fromEntries(
            Object.entries(event.outputs).map(([name, value]) => [
              name,
              typeof value === 'string' ? redact(value) : value,
            ]),
          ),
        }),
      }
    default:
      return event
  }
}

/**
 * A filter for one answer's events, in order. The answer text may spell the key across deltas, so
 * the end of a delta that is a piece of the key waits for the next delta, and the whole run is
 * redacted once it stops; any other event first lets it go (a `replace` drops it: it supersedes
 * the text).
 */
export function answerRedaction(redact: Redactor): (event: WidgetEvent) => WidgetEvent[] {
  let carry = ''
  return (event) => {
    if (event.type === 'delta') {
      const text = carry + event.text
      const held = redact.holdback(text)
      carry = text.slice(text.length - held)
      const shown = redact(text.slice(0, text.length - held))
      return shown === '' ? [] : [{ type: 'delta', text: shown }]
    }
    const before: WidgetEvent[] =
      carry !== '' && event.type !== 'replace' ? [{ type: 'delta', text: redact(carry) }] : []
    carry = ''
    return [...before, redacted(event, redact)]
  }
}
