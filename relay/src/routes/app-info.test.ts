import type { AppInfo } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { API_KEY, BASE_PARAMETERS, fakeDify, json, postJson, testApp } from '../../test/test-kit.ts'
import { NO_LOOK } from '../dify/site-look.ts'
import type { DifyParameters } from '../dify/types.ts'
import { appInfoRoutes } from './app-info.ts'
import { chatRoutes } from './chat.ts'

const PARAMS: DifyParameters = {
  ...BASE_PARAMETERS,
  suggested_questions_after_answer: { enabled: true },
  retriever_resource: { enabled: true },
  user_input_form: [
    {
      'text-input': {
        variable: 'name',
        label: 'Name',
        required: true,
        max_length: 48,
        default: '',
      },
    },
    { select: { variable: 'plan', label: 'Plan', required: false, options: ['free', 'pro'] } },
    { external_data_tool: { variable: 'crm', label: 'CRM' } },
  ],
  file_upload: {
    enabled: true,
    allowed_file_types: ['image', 'custom'],
    allowed_file_extensions: ['PDF', '.txt'],
    allowed_file_upload_methods: ['local_file'],
    number_limits: 4,
  },
  system_parameters: { image_file_size_limit: 5, file_size_limit: 15 },
}

describe('GET /api/app', () => {
  it("carries the app's kind from /info, and only a kind Dify has", async () => {
    const kind = async (info: unknown) => {
      const fake = fakeDify({ 'GET /info': () => json(info) })
      const res = await testApp(appInfoRoutes, { fetch: fake.fetch }).request('/api/app')
      return ((await res.json()) as AppInfo).mode
    }
    for (const mode of ['chat', 'advanced-chat', 'agent-chat', 'completion', 'workflow']) {
      expect(await kind({ name: 'App', mode })).toBe(mode)
    }
    expect(await kind({ name: 'App', mode: 'rag-pipeline' })).toBe('chat')
    expect(await kind({ name: 'App' })).toBe('chat')
  })

  it('describes the app from /parameters and /site', async () => {
    const fake = fakeDify({ 'GET /parameters': () => json(PARAMS) })
    const res = await testApp(appInfoRoutes, { fetch: fake.fetch }).request('/api/app')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      // This fake has no `/info`: the kind the app is taken for without one.
      mode: 'chat',
      title: 'Support Bot',
      description: 'Answers questions',
      look: NO_LOOK,
      openingStatement: 'Hi!',
      suggestedQuestions: ['What can you do?'],
      inputs: [
        { variable: 'name', label: 'Name', type: 'text-input', required: true, maxLength: 48 },
        {
          variable: 'plan',
          label: 'Plan',
          type: 'select',
          required: false,
          options: ['free', 'pro'],
        },
      ],
      features: {
        suggestionsAfterAnswer: true,
        speechToText: false,
        textToSpeech: false,
        autoPlay: false,
        citations: true,
        fileUpload: {
          enabled: true,
          types: ['image', 'custom'],
          extensions: ['.pdf', '.txt'],
          maxFiles: 4,
          maxBytes: { image: 5 * 1024 * 1024, custom: 15 * 1024 * 1024 },
        },
        steps: false,
      },
    })
  })

  it('reads answers aloud only when text-to-speech is on with autoPlay enabled', async () => {
    const features = async (tts: DifyParameters['text_to_speech']) => {
      const fake = fakeDify({ 'GET /parameters': () => json({ ...PARAMS, text_to_speech: tts }) })
      const res = await testApp(appInfoRoutes, { fetch: fake.fetch }).request('/api/app')
      const { textToSpeech, autoPlay } = ((await res.json()) as AppInfo).features
      return { textToSpeech, autoPlay }
    }
    expect(await features({ enabled: true, autoPlay: 'enabled' })).toEqual({
      textToSpeech: true,
      autoPlay: true,
    })
    expect(await features({ enabled: true, autoPlay: 'disabled' })).toEqual({
      textToSpeech: true,
      autoPlay: false,
    })
    expect(await features({ enabled: false, autoPlay: 'enabled' })).toEqual({
      textToSpeech: false,
      autoPlay: false,
    })
  })

  it('passes on the look of Dify’s /site, checked, and its steps setting', async () => {
    const fake = fakeDify({
      'GET /site': () =>
        json({
          title: 'Support Bot',
          chat_color_theme: 'red;background:url(https://tracker.example/x)',
          chat_color_theme_inverted: false,
          icon_type: 'emoji',
          icon: '🦊',
          icon_background: '#FFEAD5',
          description: 'Answers questions',
          copyright: '© Acme\u0000',
          privacy_policy: 'javascript:alert(document.cookie)',
          custom_disclaimer: `Ask anything. (${API_KEY})`,
          default_language: 'fr-FR',
          show_workflow_steps: true,
          use_icon_as_answer_icon: true,
          icon_url: null,
        }),
    })
    const res = await testApp(appInfoRoutes, { fetch: fake.fetch }).request('/api/app')
    const body = (await res.json()) as AppInfo
    expect(body.look).toEqual({
      color: null,
      answerIcon: { type: 'emoji', emoji: '🦊', background: '#FFEAD5' },
      disclaimer: 'Ask anything. ([redacted])',
      privacyPolicy: null,
      copyright: '© Acme',
      language: 'fr-FR',
    })
    expect(body.features.steps).toBe(true)
  })

  it.each([
    ['the app’s showProcess', { show_workflow_steps: false }, true, true],
    ['neither', { show_workflow_steps: false }, false, false],
    ['no site, but showProcess', null, true, true],
    ['no site', null, false, false],
  ] as const)('says whether steps show: %s', async (_, site, showProcess, steps) => {
    const fake = fakeDify({
      'GET /site': () => (site ? json({ title: 'Bot', ...site }) : json({}, 403)),
      'GET /info': () => json({ name: 'Bot' }),
    })
    const app = testApp(appInfoRoutes, { fetch: fake.fetch, app: { showProcess } })
    const body = (await (await app.request('/api/app')).json()) as AppInfo
    expect(body.features.steps).toBe(steps)
    if (!site) expect(body.look).toEqual(NO_LOOK)
  })

  it('reads legacy image-only upload settings', async () => {
    const fake = fakeDify({
      'GET /parameters': () =>
        json({ ...BASE_PARAMETERS, file_upload: { image: { enabled: true, number_limits: 2 } } }),
    })
    const body = (await (
      await testApp(appInfoRoutes, { fetch: fake.fetch }).request('/api/app')
    ).json()) as {
      features: { fileUpload: unknown }
    }
    expect(body.features.fileUpload).toEqual({
      enabled: true,
      types: ['image'],
      extensions: [],
      maxFiles: 2,
      maxBytes: { image: 10 * 1024 * 1024 },
    })
  })

  it('still answers without a site, with a null title, no look and steps off', async () => {
    const fake = fakeDify({ 'GET /site': () => json({}, 403), 'GET /info': () => json({}, 500) })
    const res = await testApp(appInfoRoutes, { fetch: fake.fetch }).request('/api/app')
    expect(res.status).toBe(200)
    const body = (await res.json()) as AppInfo
    expect(body.title).toBeNull()
    expect(body.look).toEqual(NO_LOOK)
    expect(body.features.steps).toBe(false)
  })

  it('answers with a mapped error when /parameters fails and nothing is cached', async () => {
    const fake = fakeDify({
      'GET /parameters': () => new Response('<html>bad gateway</html>', { status: 502 }),
    })
    const res = await testApp(appInfoRoutes, { fetch: fake.fetch }).request('/api/app')
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({
      error: {
        code: 'upstream_unavailable',
        message: 'The assistant is unavailable right now. Please try again later.',
      },
    })
  })

  it('shares its cached /parameters with chat validation', async () => {
    const fake = fakeDify({ 'POST /chat-messages': () => json({}, 500) })
    const app = testApp(chatRoutes, { fetch: fake.fetch })
    app.route('/api', appInfoRoutes)
    await app.request('/api/app')
    await app.request('/api/app')
    await app.request('/api/chat', postJson({ query: 'Hi' }))
    expect(fake.calls.filter((c) => c.path === '/parameters')).toHaveLength(1)
  })
})
