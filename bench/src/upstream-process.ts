/**
 * The Dify-compatible test upstream in a process of its own (run by `procs.ts` with an IPC channel),
 * so the relay, the upstream and the load generator never share an event loop. The parent scripts
 * answers with `{ id, next: Scenario[], times? }` and gets `{ id }` back once they are queued.
 * `completion` as the first argument makes its app a text generator with one `topic` input.
 */
import { type EmulatorOptions, type Scenario, startDifyUpstream } from '@parley/emulator/server'

interface Command {
  id: number
  next?: Scenario[]
  /** Queue `next` this many times (one IPC message for thousands of identical answers). */
  times?: number
}

const CHAT: EmulatorOptions = {
  app: { openingStatement: 'Hi! Ask me anything.', suggestionsAfterAnswer: false },
}

const COMPLETION: EmulatorOptions = {
  mode: 'completion',
  app: {
    openingStatement: null,
    suggestionsAfterAnswer: false,
    userInputForm: [{ 'text-input': { variable: 'topic', label: 'Topic', required: true } }],
  },
}

const upstream = await startDifyUpstream(process.argv[2] === 'completion' ? COMPLETION : CHAT)
process.send?.({ ready: { url: upstream.url, apiKey: upstream.apiKey } })

process.on('message', (command: Command) => {
  for (let i = 0; i < (command.times ?? 1); i++) if (command.next) upstream.next(...command.next)
  process.send?.({ id: command.id })
})
process.on('disconnect', () => void upstream.close().finally(() => process.exit(0)))
