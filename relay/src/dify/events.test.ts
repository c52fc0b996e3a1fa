import type { WidgetEvent } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { answerContext } from '../../test/test-kit.ts'
import type { AnswerState } from './events.ts'
import { initialAnswerState, mapDifyFrame } from './events.ts'

const ctx = answerContext()
const env = {
  conversation_id: 'conv-1',
  message_id: 'msg-1',
  created_at: 1747000000,
  task_id: 'task-1',
}

/** Runs frames through the mapper like the stream does, collecting every event. */
function run(frames: unknown[], state: AnswerState = initialAnswerState()) {
  const events: WidgetEvent[] = []
  for (const frame of frames) {
    const result = mapDifyFrame(frame, state, ctx)
    state = result.state
    events.push(...result.events)
  }
  return { events, state }
}

const msg = (answer: string) => ({
  event: 'message',
  ...env,
  id: 'msg-1',
  answer,
  from_variable_selector: null,
})
const messageEnd = (extra: Record<string, unknown> = {}) => ({
  event: 'message_end',
  ...env,
  id: 'msg-1',
  metadata: {
    annotation_reply: null,
    retriever_resources: [],
    usage: { prompt_tokens: 17, total_price: '0.0000044', currency: 'USD', latency: 0.92 },
  },
  files: null,
  ...extra,
})
const workflowFinished = (status: string, error: string | null = null) => ({
  event: 'workflow_finished',
  ...env,
  workflow_run_id: 'run-1',
  data: {
    id: 'run-1',
    workflow_id: 'wf-1',
    status,
    outputs: { answer: 'SECRET_OUTPUT' },
    error,
    total_tokens: 20,
  },
})
const terminals = (events: WidgetEvent[]) =>
  events.filter((e) => e.type === 'end' || e.type === 'error')

describe('mapDifyFrame', () => {
  it('emits start from the first frame carrying the ids, once', () => {
    const { events } = run([msg('Hel'), msg('lo')])
    expect(events).toEqual([
      { type: 'start', conversationId: 'conv-1', messageId: 'msg-1', taskId: 'task-1' },
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
    ])
  })

  it('turns a simple chatbot answer into start, deltas and end', () => {
    const { events } = run([msg('Hi'), messageEnd()])
    expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'end'])
    expect(events[2]).toEqual({ type: 'end', messageId: 'msg-1', sources: [] })
  })

  it('maps agent_message chunks to deltas', () => {
    const { events } = run([{ event: 'agent_message', ...env, id: 'msg-1', answer: 'Agent says' }])
    expect(events[1]).toEqual({ type: 'delta', text: 'Agent says' })
  })

  it('skips empty answer chunks', () => {
    expect(run([msg(''), msg('x')]).events.filter((e) => e.type === 'delta')).toEqual([
      { type: 'delta', text: 'x' },
    ])
  })

  it('treats a message_file frame with answer text and no url as text (quirk #36990)', () => {
    const { events } = run([{ event: 'message_file', ...env, id: 'msg-1', answer: 'more text' }])
    expect(events[1]).toEqual({ type: 'delta', text: 'more text' })
  })

  it('turns a message_file with a relative url into an absolute file event', () => {
    const frame = {
      event: 'message_file',
      ...env,
      id: 'file-1',
      type: 'image',
      belongs_to: 'assistant',
      url: '/files/tools/abc.png?timestamp=1&nonce=2&sign=3',
    }
    expect(run([frame]).events[1]).toEqual({
      type: 'file',
      url: 'https://dify.test/files/tools/abc.png?timestamp=1&nonce=2&sign=3',
      fileType: 'image',
    })
  })

  it('keeps file urls on Dify’s origins and drops other hosts, non-http ones and user files', () => {
    const base = { event: 'message_file', ...env, type: 'image', belongs_to: 'assistant' }
    const { events } = run([
      { ...base, url: 'https://files.example.com/a.png' },
      { ...base, url: 'https://tracker.example.net/pixel.png' },
      { ...base, url: '//tracker.example.net/pixel2.png' },
      { ...base, url: 'javascript:alert(1)' },
      { ...base, url: '/files/b.png', belongs_to: 'user' },
    ])
    expect(events.filter((e) => e.type === 'file')).toEqual([
      { type: 'file', url: 'https://files.example.com/a.png', fileType: 'image' },
    ])
  })

  it('sends a file once even when message_end lists it again with a new signature', () => {
    const { events } = run([
      {
        event: 'message_file',
        ...env,
        type: 'image',
        belongs_to: 'assistant',
        url: '/files/tools/a.png?sign=1',
      },
      messageEnd({
        files: [
          { type: 'image', transfer_method: 'tool_file', url: '/files/tools/a.png?sign=2' },
          { type: 'image', transfer_method: 'tool_file', url: '/files/tools/b.png?sign=2' },
          { type: 'image', transfer_method: 'local_file', url: '/files/upload/visitor.png?sign=2' },
        ],
      }),
    ])
    expect(
      events.filter((e) => e.type === 'file').map((e) => (e.type === 'file' ? e.url : '')),
    ).toEqual([
      'https://dify.test/files/tools/a.png?sign=1',
      'https://dify.test/files/tools/b.png?sign=2',
    ])
  })

  it('maps message_replace to replace', () => {
    const { events } = run([
      msg('bad'),
      { event: 'message_replace', ...env, answer: 'Moderated.', reason: 'x' },
    ])
    expect(events.at(-1)).toEqual({ type: 'replace', text: 'Moderated.' })
  })

  it('labels working nodes by title and skips structural ones', () => {
    const node = (node_type: string, title: string) => ({
      event: 'node_started',
      ...env,
      workflow_run_id: 'run-1',
      data: {
        id: 'n',
        node_id: '171',
        node_type,
        title,
        inputs: { secret: 'NODE_INPUT' },
        index: 1,
      },
    })
    const { events } = run([
      node('start', 'Start'),
      node('knowledge-retrieval', 'Search the handbook'),
      node('if-else', 'IF/ELSE'),
      node('llm', 'Write answer'),
      node('answer', 'Answer'),
      node('end', 'End'),
    ])
    expect(events.filter((e) => e.type === 'status')).toEqual([
      { type: 'status', label: 'Search the handbook' },
      { type: 'status', label: 'Write answer' },
    ])
  })

  it('does not repeat the same status label', () => {
    const node = { event: 'node_started', ...env, data: { node_type: 'llm', title: 'Think' } }
    expect(run([node, node]).events.filter((e) => e.type === 'status')).toHaveLength(1)
  })

  it('labels agent tool use by the tool label and never forwards tool input or thought', () => {
    const thought = {
      event: 'agent_thought',
      ...env,
      id: 't1',
      position: 1,
      thought: 'SECRET_THOUGHT',
      observation: 'SECRET_OBSERVATION',
      tool: 'web_search;calculator',
      tool_labels: {
        web_search: { en_US: 'Web Search', zh_Hans: '搜索' },
        calculator: 'Calculator',
      },
      tool_input: '{"q":"SECRET_TOOL_INPUT"}',
      message_files: [],
    }
    const { events } = run([thought, { ...thought, observation: 'more' }, { ...thought, tool: '' }])
    expect(events.filter((e) => e.type === 'status')).toEqual([
      { type: 'status', label: 'Using Web Search, Calculator' },
    ])
  })

  it('builds sources from retriever_resources with capped snippets and http links only', () => {
    const long = 'word '.repeat(200)
    const { events } = run([
      messageEnd({
        metadata: {
          retriever_resources: [
            {
              dataset_name: 'Docs',
              document_name: 'Returns.pdf',
              content: 'Return within 30 days.',
              score: 0.9,
              segment_id: 'seg',
              dataset_id: 'ds',
            },
            {
              dataset_name: 'FAQ',
              document_name: '',
              content: long,
              doc_metadata: { source_url: 'https://shop.example.com/faq' },
            },
            {
              dataset_name: 'Web',
              document_name: 'x',
              content: 'y',
              doc_metadata: { url: 'javascript:alert(1)' },
            },
          ],
          usage: { total_price: '1.0' },
        },
      }),
    ])
    const end = events.find((e) => e.type === 'end')
    expect(end?.type === 'end' && end.sources[0]).toEqual({
      title: 'Returns.pdf',
      snippet: 'Return within 30 days.',
    })
    expect(end?.type === 'end' && end.sources[1]?.title).toBe('FAQ')
    expect(end?.type === 'end' && end.sources[1]?.url).toBe('https://shop.example.com/faq')
    expect(end?.type === 'end' && (end.sources[1]?.snippet.length ?? 0)).toBeLessThanOrEqual(300)
    expect(end?.type === 'end' && end.sources[2]).toEqual({ title: 'x', snippet: 'y' })
  })

  describe('chatflow terminal events in any order', () => {
    it('ends on message_end then ignores workflow_finished', () => {
      const { events } = run([msg('A'), messageEnd(), workflowFinished('succeeded')])
      expect(terminals(events)).toEqual([{ type: 'end', messageId: 'msg-1', sources: [] }])
    })

    it('ends on workflow_finished (succeeded) then ignores a late message_end', () => {
      const { events } = run([msg('A'), workflowFinished('succeeded'), messageEnd()])
      expect(terminals(events)).toEqual([{ type: 'end', messageId: 'msg-1', sources: [] }])
    })

    it('ends on partial-succeeded', () => {
      expect(
        terminals(run([msg('A'), workflowFinished('partial-succeeded')]).events)[0]?.type,
      ).toBe('end')
    })

    it('ends with the partial answer when the run was stopped, in either order', () => {
      for (const frames of [
        [msg('par'), workflowFinished('stopped', 'Stopped by user.'), messageEnd()],
        [msg('par'), messageEnd(), workflowFinished('stopped', 'Stopped by user.')],
      ]) {
        const { events } = run(frames)
        expect(events.filter((e) => e.type === 'delta')).toEqual([{ type: 'delta', text: 'par' }])
        expect(terminals(events)).toEqual([{ type: 'end', messageId: 'msg-1', sources: [] }])
      }
    })

    it('fails with a fixed message on workflow_finished failed, ignoring the trailing error', () => {
      const { events } = run([
        workflowFinished('failed', 'Node LLM run failed: <b>boom</b>'),
        {
          event: 'error',
          ...env,
          task_id: undefined,
          code: 'invalid_param',
          status: 400,
          message: 'Run failed: x',
        },
      ])
      expect(terminals(events)).toEqual([
        {
          type: 'error',
          code: 'upstream_error',
          message: 'The assistant failed to answer. Please try again.',
          retryable: true,
        },
      ])
    })

    it('never forwards a failed node’s error text, which can name internal hosts and tokens', () => {
      const { events } = run([
        workflowFinished('failed', 'HTTP node: 401 from https://internal.corp/api?token=abc123'),
      ])
      expect(terminals(events)[0]).toMatchObject({
        type: 'error',
        message: 'The assistant failed to answer. Please try again.',
      })
      expect(JSON.stringify(events)).not.toContain('internal.corp')
    })

    it('ends on workflow_paused when text was streamed, else explains the pause', () => {
      const paused = {
        event: 'workflow_paused',
        ...env,
        data: { status: 'paused', reasons: ['SECRET'] },
      }
      expect(terminals(run([msg('partial'), paused]).events)[0]?.type).toBe('end')
      const [only] = terminals(run([paused]).events)
      expect(only).toMatchObject({ type: 'error', code: 'upstream_error', retryable: false })
    })
  })

  describe('error frames', () => {
    const errorFrame = (code: string, status: number, message: string) => ({
      event: 'error',
      conversation_id: 'conv-1',
      message_id: 'msg-1',
      created_at: 1,
      code,
      status,
      message,
    })

    it('maps a provider failure to a retryable upstream_error with its message', () => {
      const { events } = run([
        msg('x'),
        errorFrame('completion_request_error', 400, '[openai] Error: overloaded'),
      ])
      expect(events.at(-1)).toEqual({
        type: 'error',
        code: 'upstream_error',
        message: '[openai] Error: overloaded',
        retryable: true,
      })
    })

    it('maps an internal error to a generic message', () => {
      const { events } = run([
        errorFrame('internal_server_error', 500, 'Internal Server Error, please contact support.'),
      ])
      expect(events.at(-1)).toMatchObject({
        type: 'error',
        code: 'upstream_error',
        retryable: true,
      })
    })

    it('maps a quota error to a non-retryable upstream_error', () => {
      const { events } = run([
        errorFrame('provider_quota_exceeded', 400, 'Your quota has been exceeded.'),
      ])
      expect(events.at(-1)).toMatchObject({ code: 'upstream_error', retryable: false })
    })

    it('maps "Too many requests" to rate_limited', () => {
      const { events } = run([
        errorFrame('invalid_param', 400, 'Too many requests. Please try again later.'),
      ])
      expect(events.at(-1)).toMatchObject({ code: 'rate_limited', retryable: true })
    })

    it('still announces the conversation when the first frame is an error', () => {
      const { events } = run([errorFrame('invalid_param', 400, 'bad input')])
      expect(events[0]).toEqual({
        type: 'start',
        conversationId: 'conv-1',
        messageId: 'msg-1',
        taskId: '',
      })
      expect(events[1]).toMatchObject({ type: 'error', code: 'bad_request', message: 'bad input' })
    })
  })

  describe('human input', () => {
    const form = (extra: Record<string, unknown> = {}) => ({
      event: 'human_input_required',
      ...env,
      workflow_run_id: 'run-1',
      data: {
        form_id: 'SECRET_FORM_ID',
        node_id: 'SECRET_NODE',
        node_title: 'Approval',
        form_content: 'Review:\n\n{{#$output.feedback#}}',
        inputs: [{ type: 'paragraph', output_variable_name: 'feedback', default: null }],
        actions: [{ id: 'approve', title: 'Approve', button_style: 'primary' }],
        display_in_ui: true,
        form_token: 'SECRET_FORM_TOKEN',
        resolved_default_values: {},
        expiration_time: 1747129600,
        ...extra,
      },
    })
    const paused = { event: 'workflow_paused', ...env, workflow_run_id: 'run-1', data: {} }
    const formsOf = (frames: unknown[]) => {
      let state = initialAnswerState()
      return frames.flatMap((frame) => {
        const result = mapDifyFrame(frame, state, ctx)
        state = result.state
        return result.form ? [result.form] : []
      })
    }

    it('hands on the form to be sealed, never as a widget event of its own, and ends at the pause', () => {
      const frames = [msg('Draft ready.'), form(), paused]
      expect(formsOf(frames)).toEqual([
        expect.objectContaining({
          form: expect.objectContaining({ title: 'Approval' }),
          handle: expect.objectContaining({ formToken: 'SECRET_FORM_TOKEN', runId: 'run-1' }),
        }),
      ])
      const { events } = run(frames)
      expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'end'])
      expect(JSON.stringify(events)).not.toContain('SECRET')
    })

    it('ends a pause with a form but no text yet normally: the form is the answer so far', () => {
      expect(terminals(run([form(), paused]).events)).toEqual([
        { type: 'end', messageId: 'msg-1', sources: [] },
      ])
    })

    it('explains a form it cannot show instead of ending as if nothing waited', () => {
      const select = form({ inputs: [{ type: 'select', output_variable_name: 'plan' }] })
      const { events } = run([msg('partial'), select, paused])
      expect(formsOf([select])).toEqual([])
      expect(terminals(events)).toEqual([
        {
          type: 'error',
          code: 'upstream_error',
          message: 'The assistant is waiting for input in a form this chat cannot show.',
          retryable: false,
        },
      ])
      expect(mapDifyFrame(select, initialAnswerState(), ctx).warning).toMatch(/plan/)
    })

    it('shows nothing of a form meant for elsewhere: the partial answer ends, or the pause is explained', () => {
      const email = form({ display_in_ui: false })
      expect(formsOf([email])).toEqual([])
      expect(terminals(run([msg('partial'), email, paused]).events)[0]?.type).toBe('end')
      expect(terminals(run([email, paused]).events)[0]).toMatchObject({
        type: 'error',
        retryable: false,
      })
    })

    it('forwards nothing of a resumed run’s filled or timeout events', () => {
      const { events } = run([
        { event: 'workflow_started', ...env, data: { reason: 'resumption' } },
        {
          event: 'human_input_form_filled',
          ...env,
          data: { rendered_content: 'SECRET_ANSWER', action_id: 'approve', action_text: 'OK' },
        },
        { event: 'human_input_form_timeout', ...env, data: { node_title: 'SECRET_TITLE' } },
        msg('Thanks.'),
        messageEnd(),
      ])
      expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'end'])
      expect(JSON.stringify(events)).not.toContain('SECRET')
    })

    it('hands on a handful of forms at most', () => {
      expect(formsOf(Array.from({ length: 8 }, () => form()))).toHaveLength(5)
    })
  })

  it('emits exactly one terminal event whatever follows', () => {
    const { events, state } = run([
      msg('a'),
      messageEnd(),
      msg('late'),
      { event: 'error', ...env, code: 'x', status: 500, message: 'late' },
      workflowFinished('failed', 'late'),
    ])
    expect(terminals(events)).toHaveLength(1)
    expect(events.filter((e) => e.type === 'delta')).toHaveLength(1)
    expect(state.ended).toBe(true)
  })

  it('forwards nothing from unknown or internal events', () => {
    const frames = [
      {
        event: 'workflow_started',
        ...env,
        data: { inputs: { 'sys.query': 'SECRET_QUERY', 'sys.user_id': 'SECRET_USER' } },
      },
      {
        event: 'node_finished',
        ...env,
        data: {
          node_type: 'llm',
          title: 'LLM',
          outputs: { text: 'SECRET_OUTPUT' },
          process_data: { prompts: 'SECRET_PROMPT' },
        },
      },
      { event: 'iteration_started', ...env, data: { inputs: 'SECRET_INPUT' } },
      { event: 'tts_message', ...env, audio: 'SECRET_AUDIO' },
      { event: 'agent_log', ...env, data: 'SECRET_LOG' },
      { event: 'human_input_required', ...env, form_token: 'SECRET_TOKEN' },
      { event: 'parallel_branch_started', ...env },
      { event: 'totally_new_event', ...env, secret: 'SECRET_NEW' },
      { answer: 'no event field' },
      'not an object',
      null,
    ]
    const { events } = run(frames)
    expect(events).toEqual([
      { type: 'start', conversationId: 'conv-1', messageId: 'msg-1', taskId: 'task-1' },
    ])
  })

  it('never lets secret inputs, outputs, prompts, usage or internal ids into any event', () => {
    const secretFrames = [
      {
        event: 'workflow_started',
        ...env,
        data: { inputs: { secret: 'SECRET_A', 'sys.user_id': 'SECRET_B' } },
      },
      {
        event: 'node_started',
        ...env,
        data: {
          node_type: 'tool',
          title: 'Lookup',
          inputs: { key: 'SECRET_C' },
          node_id: 'SECRET_D',
        },
      },
      { ...msg('hello'), from_variable_selector: ['SECRET_E', 'text'] },
      {
        event: 'agent_thought',
        ...env,
        tool: 'search',
        tool_input: 'SECRET_F',
        thought: 'SECRET_G',
        observation: 'SECRET_H',
      },
      messageEnd({
        metadata: {
          usage: { total_price: 'SECRET_I' },
          annotation_reply: { id: 'SECRET_J', account: { name: 'SECRET_K' } },
          retriever_resources: [
            {
              document_name: 'Doc',
              content: 'ok',
              dataset_id: 'SECRET_L',
              segment_id: 'SECRET_M',
              index_node_hash: 'SECRET_N',
            },
          ],
        },
      }),
    ]
    const { events } = run(secretFrames)
    expect(JSON.stringify(events)).not.toContain('SECRET')
    expect(events.length).toBeGreaterThan(3)
  })

  it('does not change the state it is given', () => {
    const state = initialAnswerState()
    const frozen = JSON.stringify(state)
    mapDifyFrame(msg('x'), state, ctx)
    expect(JSON.stringify(state)).toBe(frozen)
  })
})
