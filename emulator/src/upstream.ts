/** The relay's demo mode: a built-in Dify chatbot that introduces Parley, with no network and no LLM. */
import { demoAnswer, demoSuggestions, demoWordDelay } from './demo-answer.ts'
import type { DifyEmulator, Scenario } from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'

/**
 * A Dify emulator configured as Parley's demo app: opening statement and suggested questions about
 * Parley, suggestions after each answer, and markdown answers streamed word by word (20–40 ms each).
 * It accepts any API key, since demo mode runs without one. `overrides.scenario` (tests) changes the pace.
 *
 * @example
 * const demo = createDemoUpstream()
 * const relay = createRelay(config, { fetch: demo.fetch })
 */
export function createDemoUpstream(overrides: { scenario?: Scenario } = {}): DifyEmulator {
  return createDifyEmulator({
    apiKey: null,
    mode: 'chat',
    app: {
      name: 'Parley demo',
      description: 'A built-in demo app: Parley runs without a Dify key.',
      siteTitle: 'Parley demo',
      openingStatement:
        "Hi! I'm the Parley demo. Parley puts a Dify chat app on any website with one script tag. Ask me anything — in demo mode I answer without a real model.",
      suggestedQuestions: [
        'What is Parley?',
        'How do I add Parley to my website?',
        'Is my Dify API key safe?',
      ],
      suggestionsAfterAnswer: true,
      citations: false,
      fileUpload: false,
    },
    answer: demoAnswer,
    suggestions: (message) => demoSuggestions(message.query),
    scenario: { frameDelayMs: demoWordDelay, ...overrides.scenario },
  })
}
