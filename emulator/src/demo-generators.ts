/** The demo's text generator and workflow (`DEMO_APP=completion|workflow`): one `topic` input, a short markdown result. */

import type { EmulatorOptions } from './context.ts'
import { demoWordDelay } from './demo-answer.ts'
import type { NodeScript, Scenario } from './scenario.ts'

/** What the relay's demo mode shows. */
export type DemoApp = 'chat' | 'completion' | 'workflow'

export const DEMO_APPS: readonly DemoApp[] = ['chat', 'completion', 'workflow']

const TOPIC_FORM = [
  { 'text-input': { variable: 'topic', label: 'Topic', required: true, max_length: 80 } },
]

/** The emulator hands its answer function the run's inputs as JSON. */
function topicOf(inputs: string): string {
  try {
    const topic = (JSON.parse(inputs) as { topic?: unknown }).topic
    return typeof topic === 'string' && topic.trim() !== '' ? topic.trim() : 'your topic'
  } catch {
    return 'your topic'
  }
}

function generated(inputs: string): string {
  const topic = topicOf(inputs)
  return `## ${topic}\n\nA few lines about **${topic}**, written by Parley's demo: in a real app, your Dify prompt and model write this.\n\n- It streams word by word.\n- You can stop it, copy it, or run it again.`
}

const WORKFLOW_NODES: NodeScript[] = [
  { title: 'Start', type: 'start' },
  { title: 'Look up the topic', type: 'knowledge-retrieval', durationMs: 400 },
  { title: 'Write the text', type: 'llm' },
  { title: 'End', type: 'end' },
]

/** The emulator options of a demo text generator or workflow. */
export function demoGenerator(
  kind: 'completion' | 'workflow',
  scenario: Scenario = {},
): EmulatorOptions {
  return {
    apiKey: null,
    mode: kind,
    app: {
      name: kind === 'completion' ? 'Parley demo: text generator' : 'Parley demo: workflow',
      description: 'A built-in demo app: Parley runs without a Dify key.',
      siteTitle: kind === 'completion' ? 'Parley demo: text generator' : 'Parley demo: workflow',
      openingStatement: null,
      suggestedQuestions: [],
      suggestionsAfterAnswer: false,
      userInputForm: TOPIC_FORM,
    },
    answer: generated,
    scenario: {
      frameDelayMs: demoWordDelay,
      ...(kind === 'workflow' && { nodes: WORKFLOW_NODES }),
      ...scenario,
    },
  }
}
