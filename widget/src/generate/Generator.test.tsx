import type { AppInput, AppMode } from '@parley/shared'
import { cleanup, fireEvent, waitFor, within } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeRelay, fakeRelay, json, sse } from '../../test/fake-relay.ts'
import { renderIn, type TestWidget, testWidget } from '../../test/widget.tsx'
import { Panel } from '../ui/Panel.tsx'

const TOPIC: AppInput = { variable: 'topic', label: 'Topic', type: 'text-input', required: true }
let relay: FakeRelay
let widget: TestWidget

/** The panel of an app of `mode`, once its generator (or chat) is drawn. */
async function show(mode: AppMode, inputs: AppInput[] = [TOPIC]) {
  relay.on('GET /api/app', () =>
    json({
      mode,
      title: 'Writer',
      description: 'Writes short texts.',
      inputs,
      look: {},
      features: {},
    }),
  )
  widget = testWidget({ fetch: relay.fetch, generate: true, config: { mode: 'inline' } })
  await widget.appInfo.load()
  const { container } = renderIn(widget, <Panel open onClose={() => {}} />)
  return within(container as HTMLElement)
}

const button = (panel: ReturnType<typeof within>, name: string) =>
  panel.getByRole('button', { name }) as HTMLButtonElement

beforeEach(() => {
  sessionStorage.clear()
  relay = fakeRelay()
})

afterEach(() => {
  cleanup()
  widget.destroy()
})

describe('the generator panel', () => {
  it('stands in for the log and composer of a text generator, with the app’s inputs', async () => {
    const panel = await show('completion')
    await panel.findByRole('form', { name: 'Inputs' })
    expect(panel.getByText('Writes short texts.')).toBeTruthy()
    expect(panel.getByLabelText(/Topic/)).toBeTruthy()
    expect(panel.queryByRole('textbox', { name: 'Type a message…' })).toBeNull()
    expect(panel.queryByRole('button', { name: 'New conversation' })).toBeNull()
    expect(panel.queryByRole('button', { name: 'Run again' })).toBeNull()
  })

  it('asks for a required input before generating, and sends nothing', async () => {
    const panel = await show('completion')
    fireEvent.click(await panel.findByRole('button', { name: 'Generate' }))
    await waitFor(() => expect(panel.getByRole('alert').textContent).toMatch(/\(1\)/))
    expect(panel.getByLabelText(/Topic/).getAttribute('aria-invalid')).toBe('true')
    expect(relay.calls.some((c) => c.path === '/api/completion')).toBe(false)
  })

  it('streams the result as markdown; Generate is Stop while it runs; copy and rating after', async () => {
    const panel = await show('completion')
    let release = () => {}
    const hold = new Promise<void>((r) => {
      release = r
    })
    relay.on('POST /api/completion', () =>
      sse(
        [
          { type: 'start', conversationId: '', messageId: 'm1', taskId: 'tk' },
          { type: 'delta', text: '# Tea\n\nIs **good**.' },
        ],
        { hold },
      ),
    )
    fireEvent.input(await panel.findByLabelText(/Topic/), { target: { value: 'tea' } })
    const go = button(panel, 'Generate')
    fireEvent.click(go)
    await waitFor(() => expect(go.textContent).toBe('Stop'))
    expect(go.dataset.parley).toBe('stop')
    expect(panel.getByText('Generating…')).toBeTruthy()
    await panel.findByRole('heading', { name: 'Tea' })
    release()
    await waitFor(() => expect(go.textContent).toBe('Generate'))
    // The stream ended without `end`: the result failed, and says so with a retry.
    const result = panel.getByRole('region', { name: 'Result' })
    expect(within(result).getByRole('alert').textContent).toMatch(/Retry/)
    expect(relay.calls.find((c) => c.path === '/api/completion')?.body).toEqual({
      inputs: { topic: 'tea' },
    })
  })

  it('shows a finished result with copy and rating, runs it again, and folds earlier results', async () => {
    const panel = await show('completion')
    let n = 0
    relay.on('POST /api/completion', () =>
      sse([
        { type: 'start', conversationId: '', messageId: `m${++n}`, taskId: 'tk' },
        { type: 'delta', text: `Take ${n}` },
        { type: 'end', messageId: `m${n}`, sources: [] },
      ]),
    )
    fireEvent.input(await panel.findByLabelText(/Topic/), { target: { value: 'tea' } })
    fireEvent.click(button(panel, 'Generate'))
    const result = await panel.findByRole('region', { name: 'Result' })
    await within(result).findByText('Take 1')
    // The actions come once the result is done (the text may show a commit before).
    expect(await within(result).findByRole('button', { name: 'Copy' })).toBeTruthy()
    expect(within(result).getByRole('button', { name: 'Helpful' })).toBeTruthy()
    await waitFor(() => expect(panel.getByText('Take 1', { selector: '.sr' })).toBeTruthy())
    fireEvent.click(button(panel, 'Run again'))
    await within(result).findByText('Take 2')
    const earlier = result.querySelector('[data-parley="earlier-results"]') as HTMLDetailsElement
    expect(earlier.querySelector('summary')?.textContent).toBe('Earlier results (1)')
    expect(earlier.querySelector('li summary')?.textContent).toMatch(/ · tea$/)
    expect(relay.calls.filter((c) => c.path === '/api/completion').map((c) => c.body)).toEqual([
      { inputs: { topic: 'tea' } },
      { inputs: { topic: 'tea' } },
    ])
  })

  it('stops a run from the same button, keeping what arrived', async () => {
    const panel = await show('completion')
    relay.on('POST /api/completion', () =>
      sse(
        [
          { type: 'start', conversationId: '', messageId: 'm1', taskId: 'signed' },
          { type: 'delta', text: 'So far' },
        ],
        { hold: new Promise(() => {}) },
      ),
    )
    relay.on('POST /api/completion/:task/stop', () => json({ ok: true }))
    fireEvent.input(await panel.findByLabelText(/Topic/), { target: { value: 'tea' } })
    const go = button(panel, 'Generate')
    fireEvent.click(go)
    await panel.findByText('So far')
    fireEvent.click(go)
    await waitFor(() => expect(go.textContent).toBe('Generate'))
    expect(panel.getByText('So far')).toBeTruthy()
    await waitFor(() =>
      expect(relay.calls.map((c) => c.path)).toContain('/api/completion/signed/stop'),
    )
  })

  it('shows a workflow’s outputs without rating buttons, and says when there was no output', async () => {
    const panel = await show('workflow', [])
    let outputs: Record<string, unknown> = { answer: 'Done **well**.' }
    relay.on('POST /api/workflow', () =>
      sse([
        { type: 'start', conversationId: '', messageId: 'run', taskId: 'tk' },
        { type: 'end', messageId: 'run', sources: [], outputs },
      ]),
    )
    fireEvent.click(await panel.findByRole('button', { name: 'Generate' }))
    const result = await panel.findByRole('region', { name: 'Result' })
    expect((await within(result).findByText('well')).tagName).toBe('STRONG')
    await within(result).findByRole('button', { name: 'Copy' })
    expect(within(result).queryByRole('button', { name: 'Helpful' })).toBeNull()
    outputs = {}
    fireEvent.click(button(panel, 'Run again'))
    await within(result).findByText('The run finished without output.')
  })

  it('keeps the chat for a chat app', async () => {
    const panel = await show('advanced-chat')
    await panel.findByRole('button', { name: 'New conversation' })
    expect(panel.queryByRole('form', { name: 'Inputs' })).toBeNull()
    expect(panel.getByRole('textbox', { name: 'Type a message…' })).toBeTruthy()
  })
})
