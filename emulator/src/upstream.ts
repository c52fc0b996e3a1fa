/** The relay's demo mode: a built-in Dify chatflow that introduces Parley, with no network and no LLM. */
import { demoAnswer, demoSuggestions, demoWordDelay } from './demo-answer.ts'
import { type DemoApp, demoGenerator } from './demo-generators.ts'
import type { DifyEmulator, Scenario } from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'
import type { NodeScript } from './scenario.ts'

/** Each answer's workflow: its titled nodes are the steps a visitor sees while it is built. */
export const DEMO_NODES: NodeScript[] = [
  { title: 'Start', type: 'start' },
  { title: 'Search the Parley docs', type: 'knowledge-retrieval', durationMs: 400 },
  { title: 'Write the answer', type: 'llm' },
  { title: 'Answer', type: 'answer' },
]

/**
 * A Dify emulator configured as Parley's demo app: opening statement and suggested questions about
 * Parley, suggestions after each answer, a look of its own (`/site`), and markdown answers built by
 * a small workflow whose steps show, streamed word by word (20–40 ms each). A message with
 * "approve" in it pauses on an Approval form (human input). It accepts any API key, since demo mode
 * runs without one. `overrides.scenario` (tests) changes the pace or the steps; `overrides.app`
 * (DEMO_APP) makes it a text generator or a workflow instead (demo-generators.ts).
 *
 * @example
 * const demo = createDemoUpstream()
 * const relay = createRelay(config, { fetch: demo.fetch })
 */
export function createDemoUpstream(
  overrides: { scenario?: Scenario; app?: DemoApp } = {},
): DifyEmulator {
  // DEMO_APP: a text generator or a workflow instead of the chatflow.
  if (overrides.app === 'completion' || overrides.app === 'workflow') {
    return createDifyEmulator(demoGenerator(overrides.app, overrides.scenario))
  }
  return createDifyEmulator({
    apiKey: null,
    mode: 'advanced-chat',
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
      site: {
        // The widget's own default, so the demo looks like a fresh embed.
        chatColorTheme: '#2563eb',
        iconType: 'emoji',
        icon: '💬',
        iconBackground: '#DBEAFE',
        useIconAsAnswerIcon: true,
        customDisclaimer: 'Answers come from a demo emulator, not a real model.',
        privacyPolicy: null,
        copyright: null,
        defaultLanguage: 'en-US',
        showWorkflowSteps: true,
      },
    },
    answer: demoAnswer,
    suggestions: (message) => demoSuggestions(message.query),
    // A message with "approve" in it pauses on a form, as a Dify Human Input node does.
    humanInput: {
      content:
        'This demo chatflow waits here for a person, as a Dify **Human Input** node does. Approve or reject, with a note if you like.\n\n{{#$output.feedback#}}',
    },
    scenario: { frameDelayMs: demoWordDelay, nodes: DEMO_NODES, ...overrides.scenario },
  })
}
