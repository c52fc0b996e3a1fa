/** The demo's deterministic "model": a markdown answer about Parley built from the question. No LLM. */

const TOPICS: { match: RegExp; title: string; body: string }[] = [
  {
    match: /\b(key|secret|secure|security|safe)\b/i,
    title: 'Your API key stays on the server',
    body: 'The relay holds the Dify key and gives each browser a short-lived **signed session** instead. The widget never sees the key, and every visitor can only read their own conversations.',
  },
  {
    match: /\b(embed|install|script|add|setup|set up|website|site)\b/i,
    title: 'Adding the widget to a page',
    body: 'Paste one script tag before `</body>`. Options such as colour, title and position are `data-` attributes on that tag.',
  },
  {
    match: /\b(stream|fast|speed|latency)\b/i,
    title: 'Streaming',
    body: 'Answers arrive word by word over server-sent events, exactly as Dify produces them, and you can stop an answer at any time.',
  },
]

const GENERAL = {
  title: 'What Parley is',
  body: 'Parley puts a **Dify** chat app on any website with one script tag, without ever exposing the Dify API key.',
}

/** A markdown answer that echoes the question and shows headings, a list, code, a table and a link. */
export function demoAnswer(query: string): string {
  const question = query.replace(/\s+/g, ' ').trim()
  const topic = TOPICS.find((t) => t.match.test(question)) ?? GENERAL
  return [
    `## ${topic.title}`,
    '',
    `You asked: *"${question}"*`,
    '',
    topic.body,
    '',
    '> This is **demo mode**: the relay is answering from its built-in demo upstream, not from a real Dify app or a language model.',
    '',
    '### What you get',
    '',
    '- A chat bubble that works on any site, isolated in a shadow DOM',
    '- Streaming answers, stop, retry and conversation history',
    '- Feedback, suggested questions and source citations',
    '- Human-input forms: send a message with *approve* in it to see one',
    '',
    '### Connect your own Dify app',
    '',
    '```sh',
    'DIFY_API_KEY=app-your-key npx pnpm@10 start',
    '```',
    '',
    '| Part | Runs in | Job |',
    '| --- | --- | --- |',
    '| widget | the browser | renders the chat |',
    '| relay | your server | holds the key, streams answers |',
    '',
    'Learn more about building chat apps at [dify.ai](https://dify.ai).',
  ].join('\n')
}

/** Three follow-up questions that fit the demo. */
export function demoSuggestions(query: string): string[] {
  const short = query.length > 40 ? `${query.slice(0, 40)}…` : query
  return [
    'How do I add Parley to my website?',
    'Is my Dify API key safe?',
    `Can you say more about "${short}"?`,
  ]
}

/** 20–40 ms per word, varying but the same for the same position: no randomness in the demo. */
export function demoWordDelay(index: number): number {
  return 20 + ((index * 7) % 21)
}
