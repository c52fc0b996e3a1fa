import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { error, type FakeRelay, fakeRelay } from '../../test/fake-relay.ts'
import { type TestWidget, testWidget } from '../../test/widget.tsx'
import type { ChatMessage } from '../stores/message.ts'
import { playStream } from './play.ts'
import { Speak } from './Speak.tsx'

vi.mock('./play.ts', () => ({ playStream: vi.fn(async () => {}) }))

let relay: FakeRelay
let widget: TestWidget

const answer: ChatMessage = {
  id: 'a1',
  role: 'assistant',
  text: 'Hello',
  state: 'done',
  files: [],
  sources: [],
  feedback: null,
  messageId: 'msg-1',
}

const show = (auto = false) =>
  render(<Speak widget={widget} message={answer} auto={auto} />).container.querySelector(
    'audio',
  ) as HTMLAudioElement
const button = () => screen.getByRole('button')

beforeEach(() => {
  relay = fakeRelay()
  relay.on(
    'POST /api/messages/:id/audio',
    () => new Response(new Uint8Array([0xff, 0xfb]), { headers: { 'content-type': 'audio/mpeg' } }),
  )
  widget = testWidget({ fetch: relay.fetch })
  widget.session.setConversationId('conv-1')
})

afterEach(() => {
  cleanup()
  widget.destroy()
  vi.mocked(playStream).mockReset()
})

describe('reading an answer aloud', () => {
  it('asks the relay for the answer spoken and plays it in its audio element', async () => {
    const audio = show()
    expect(button().getAttribute('aria-label')).toBe('Read aloud')
    fireEvent.click(button())
    await waitFor(() => expect(playStream).toHaveBeenCalledOnce())
    expect(vi.mocked(playStream).mock.calls[0]?.[1]).toBe(audio)
    const call = relay.calls.find((c) => c.path === '/api/messages/msg-1/audio')
    expect(call?.body).toEqual({ conversationId: 'conv-1' })
    fireEvent(audio, new Event('playing'))
    expect(button().getAttribute('aria-pressed')).toBe('true')
    expect(button().getAttribute('aria-label')).toBe('Stop reading')
    fireEvent(audio, new Event('ended'))
    expect(button().getAttribute('aria-pressed')).toBe('false')
  })

  it('stops when pressed while it reads', async () => {
    const audio = show()
    const pause = vi.spyOn(audio, 'pause')
    fireEvent.click(button())
    await waitFor(() => expect(playStream).toHaveBeenCalledOnce())
    fireEvent(audio, new Event('playing'))
    fireEvent.click(button())
    expect(pause).toHaveBeenCalled()
    expect(button().getAttribute('aria-label')).toBe('Read aloud')
    expect(playStream).toHaveBeenCalledOnce()
  })

  it('starts by itself when asked to', async () => {
    show(true)
    await waitFor(() => expect(playStream).toHaveBeenCalledOnce())
  })

  it('waits for a press when the browser refuses to play by itself', async () => {
    vi.mocked(playStream).mockRejectedValueOnce(new DOMException('no', 'NotAllowedError'))
    show(true)
    await waitFor(() => expect(playStream).toHaveBeenCalledOnce())
    expect(screen.queryByRole('alert')).toBeNull()
    expect(button().getAttribute('aria-busy')).toBe('false')
  })

  it('says so when the answer cannot be spoken', async () => {
    relay.on('POST /api/messages/:id/audio', () => error('not_found', 404))
    show()
    fireEvent.click(button())
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('This answer could not be read aloud.'),
    )
    expect(playStream).not.toHaveBeenCalled()
  })
})
