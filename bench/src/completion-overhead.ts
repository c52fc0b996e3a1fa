/**
 * Relay overhead for a text generator: overhead.ts's first-event figure for `POST /api/completion`
 * against Dify `/completion-messages`. The relay takes an app's kind from Dify `/info`, so this
 * runs a relay and a test upstream of its own whose app is a completion app, as scale.ts does; the
 * chat relay and upstream stay exactly as the chat figures have them.
 */
import { type FirstEventOverhead, firstEventOverhead } from './overhead.ts'
import { startRelay, startUpstream } from './procs.ts'
import { mintSession, postStream } from './sse-client.ts'

/** The test upstream's text generator declares one required `topic` input (upstream-process.ts). */
const INPUTS = { topic: 'bench' }

export async function measureCompletionOverhead(
  options = { firstEventIterations: 400 },
): Promise<FirstEventOverhead> {
  const upstream = await startUpstream('completion')
  try {
    const relay = await startRelay(upstream)
    try {
      const token = await mintSession(relay.url)
      const direct = () =>
        postStream(
          `${upstream.url}/completion-messages`,
          { inputs: INPUTS, response_mode: 'streaming', user: 'bench-visitor' },
          { headers: { authorization: `Bearer ${upstream.apiKey}` }, needle: 'data:' },
        )
      const relayed = () =>
        postStream(
          `${relay.url}/api/completion`,
          { inputs: INPUTS },
          { headers: { authorization: `Bearer ${token}` }, needle: 'data:' },
        )
      return await firstEventOverhead(
        upstream,
        direct,
        relayed,
        options.firstEventIterations,
        'completion',
      )
    } finally {
      await relay.close()
    }
  } finally {
    await upstream.close()
  }
}
