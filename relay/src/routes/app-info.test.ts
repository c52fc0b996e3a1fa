import { describe, expect, it } from 'vitest'
import { BASE_PARAMETERS, fakeDify, json, postJson, testApp } from '../../test/test-kit.ts'
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
  it('describes the app from /parameters and /site', async () => {
    const fake = fakeDify({ 'GET /parameters': () => json(PARAMS) })
    const res = await testApp(appInfoRoutes, { fetch: fake.fetch }).request('/api/app')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      title: 'Support Bot',
      description: 'Answers questions',
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
        citations: true,
        fileUpload: {
          enabled: true,
          types: ['image', 'custom'],
          extensions: ['.pdf', '.txt'],
          maxFiles: 4,
          maxBytes: { image: 5 * 1024 * 1024, custom: 15 * 1024 * 1024 },
        },
      },
    })
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

  it('still answers without a site, with a null title', async () => {
    const fake = fakeDify({ 'GET /site': () => json({}, 403), 'GET /info': () => json({}, 500) })
    const res = await testApp(appInfoRoutes, { fetch: fake.fetch }).request('/api/app')
    expect(res.status).toBe(200)
    expect(((await res.json()) as { title: unknown }).title).toBeNull()
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
