import { describe, expect, it } from 'vitest'
import { API_KEY, DIFY_URL, fakeDify, json } from '../../test/test-kit.ts'
import { createDifyClient } from './client.ts'
import { NO_LOOK } from './site-look.ts'

function siteInfo(routes: Parameters<typeof fakeDify>[0]) {
  const fake = fakeDify(routes)
  const dify = createDifyClient({
    baseUrl: DIFY_URL,
    apiKey: API_KEY,
    fetch: fake.fetch,
    firstByteTimeoutMs: 1000,
    idleTimeoutMs: 1000,
  })
  return { info: dify.siteInfo(), calls: fake.calls, dify }
}

const SITE = {
  title: 'Support Bot',
  chat_color_theme: '#1C64F2',
  chat_color_theme_inverted: false,
  icon_type: 'image',
  icon: 'a1b2',
  icon_background: null,
  description: 'Answers questions',
  copyright: '© Acme',
  privacy_policy: 'https://acme.example/privacy',
  custom_disclaimer: 'Answers may be wrong.',
  default_language: 'de-DE',
  show_workflow_steps: true,
  use_icon_as_answer_icon: true,
  icon_url: '/files/a1b2/file-preview?timestamp=1&nonce=n&sign=s',
}

describe('the Dify client’s site read', () => {
  it('reads the look and the steps setting from /site', async () => {
    const { info, calls } = siteInfo({ 'GET /site': () => json(SITE) })
    expect(await info).toEqual({
      title: 'Support Bot',
      description: 'Answers questions',
      look: {
        color: '#1C64F2',
        // Relative (Dify without FILES_URL): resolved against the API URL's origin.
        answerIcon: {
          type: 'image',
          url: 'https://dify.test/files/a1b2/file-preview?timestamp=1&nonce=n&sign=s',
        },
        disclaimer: 'Answers may be wrong.',
        privacyPolicy: 'https://acme.example/privacy',
        copyright: '© Acme',
        language: 'de-DE',
      },
      showWorkflowSteps: true,
    })
    expect(calls.map((c) => c.path)).toEqual(['/site'])
  })

  it('redacts the key even when Dify spells it with JSON escapes', async () => {
    const escaped = [...API_KEY].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    const body = JSON.stringify({ ...SITE, custom_disclaimer: 'KEY', title: 'TITLE' })
      .replace('"KEY"', `"Key: ${escaped.join('')}"`)
      .replace('"TITLE"', `"Bot ${escaped.join('')}"`)
    const { info } = siteInfo({
      'GET /site': () => new Response(body, { headers: { 'content-type': 'application/json' } }),
    })
    const read = await info
    expect(read.look.disclaimer).toBe('Key: [redacted]')
    expect(read.title).toBe('Bot [redacted]')
  })

  it('keeps the look of a site without a title, and takes the name from /info', async () => {
    const { info } = siteInfo({
      'GET /site': () => json({ ...SITE, title: '' }),
      'GET /info': () => json({ name: 'My App', description: 'From info', mode: 'chat' }),
    })
    const read = await info
    expect(read).toMatchObject({ title: 'My App', description: 'From info' })
    expect(read.look.color).toBe('#1C64F2')
    expect(read.showWorkflowSteps).toBe(true)
  })

  it('reads /info once for the app’s name and its kind', async () => {
    const { info, calls, dify } = siteInfo({
      'GET /site': () => json({ ...SITE, title: '' }),
      'GET /info': () => json({ name: 'My App', mode: 'advanced-chat' }),
    })
    const [read, mode] = await Promise.all([info, dify.appMode()])
    expect(read.title).toBe('My App')
    expect(mode).toBe('advanced-chat')
    expect(calls.filter((c) => c.path === '/info')).toHaveLength(1)
  })

  it('has no look and steps off when there is no site (/info)', async () => {
    const { info } = siteInfo({
      'GET /site': () => json({ code: 'forbidden', message: 'Site not found', status: 403 }, 403),
      'GET /info': () => json({ name: 'My App', description: '', tags: [], mode: 'chat' }),
    })
    expect(await info).toEqual({
      title: 'My App',
      description: null,
      look: NO_LOOK,
      showWorkflowSteps: false,
    })
  })

  it('fails, rather than reading "no site", while Dify is down, so a cached look is kept', async () => {
    const down = () => json({ message: 'Service Unavailable' }, 503)
    const { info, calls } = siteInfo({
      'GET /site': down,
      'GET /info': () => json({ name: 'My App' }),
    })
    await expect(info).rejects.toMatchObject({ code: 'upstream_unavailable' })
    expect(calls.map((c) => c.path)).not.toContain('/info')
  })

  it('gives up on a /site past its size limit (a 1 MB disclaimer) and falls back to /info', async () => {
    const { info } = siteInfo({
      'GET /site': () => json({ ...SITE, custom_disclaimer: 'x'.repeat(1024 * 1024) }),
      'GET /info': () => json({ name: 'My App' }),
    })
    expect(await info).toMatchObject({ title: 'My App', look: NO_LOOK, showWorkflowSteps: false })
  })

  it('takes steps as on only for a literal true', async () => {
    for (const show_workflow_steps of ['true', 1, null]) {
      const { info } = siteInfo({ 'GET /site': () => json({ ...SITE, show_workflow_steps }) })
      expect((await info).showWorkflowSteps, String(show_workflow_steps)).toBe(false)
    }
  })
})
