import { afterEach, describe, expect, it } from 'vitest'
import type { DifyEmulator } from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'
import { callDify, jsonOf } from './read-frames.ts'

let emulator: DifyEmulator
afterEach(() => emulator?.dispose())

const site = async () => {
  const response = await callDify(emulator, 'GET', '/site')
  return { status: response.status, body: await jsonOf(response) }
}

describe('GET /site', () => {
  it('speaks Dify v1.14.1’s Site fields, in its order', async () => {
    emulator = createDifyEmulator()
    const { body } = await site()
    expect(Object.keys(body)).toEqual([
      'title',
      'chat_color_theme',
      'chat_color_theme_inverted',
      'icon_type',
      'icon',
      'icon_background',
      'description',
      'copyright',
      'privacy_policy',
      'custom_disclaimer',
      'default_language',
      'show_workflow_steps',
      'use_icon_as_answer_icon',
      'icon_url',
    ])
    expect(body).toMatchObject({
      title: 'Test App',
      custom_disclaimer: '',
      show_workflow_steps: true,
      use_icon_as_answer_icon: false,
      icon_url: null,
    })
  })

  it('takes each site setting from the options, the rest staying Dify’s defaults', async () => {
    emulator = createDifyEmulator({
      app: {
        site: {
          chatColorTheme: 'red;background:url(x)',
          customDisclaimer: 'Check with a human.',
          privacyPolicy: 'javascript:alert(1)',
          showWorkflowSteps: false,
        },
      },
    })
    expect((await site()).body).toMatchObject({
      title: 'Test App',
      chat_color_theme: 'red;background:url(x)',
      icon_type: 'emoji',
      icon: '🤖',
      custom_disclaimer: 'Check with a human.',
      privacy_policy: 'javascript:alert(1)',
      show_workflow_steps: false,
    })
  })

  it('signs an image icon’s URL, relative as without FILES_URL', async () => {
    emulator = createDifyEmulator({
      app: { site: { iconType: 'image', icon: 'a1b2c3', useIconAsAnswerIcon: true } },
    })
    expect((await site()).body.icon_url).toMatch(/^\/files\/a1b2c3\/file-preview\?timestamp=/)
  })

  it('answers 403 for an app without a site', async () => {
    emulator = createDifyEmulator({ app: { siteTitle: null } })
    expect(await site()).toMatchObject({ status: 403, body: { code: 'forbidden' } })
  })
})
