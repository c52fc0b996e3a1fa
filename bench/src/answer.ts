/**
 * The long answer the stream benchmark renders: ~20 KB of markdown (headings, paragraphs, lists,
 * fenced code, tables, inline code and links), cut into equal deltas that split words and markdown
 * syntax anywhere, as an LLM's tokens do.
 */

function section(i: number): string {
  return [
    `## ${i + 1}. Setting up region ${i + 1}`,
    '',
    `Parley relays **streamed answers** from Dify to the widget. Step ${i + 1} shows how the *relay* keeps the key on the server and how \`createRelay\` mounts its routes; see [the docs](https://example.com/docs/${i + 1}).`,
    '',
    `- keep \`SESSION_SECRET\` stable across instances (${i + 1})`,
    '- put a reverse proxy with `proxy_buffering off` in front',
    '- watch the rate limits: `20/min` per session by default',
    '',
    '```ts',
    `const relay${i} = createRelay(loadConfig(process.env), { clientIp })`,
    `serve({ fetch: relay${i}.fetch, port: ${8000 + i} })`,
    `for (const event of events) if (event.type === 'delta') text += event.text`,
    '```',
    '',
    '| setting | default | meaning |',
    '| --- | --- | --- |',
    `| \`PORT\` | ${8000 + i} | listen port |`,
    '| `SESSION_TTL` | 24h | token lifetime |',
    '| `LOG_LEVEL` | info | one JSON line per request |',
    '',
    '',
  ].join('\n')
}

/** Markdown of at least `chars` characters (whole sections). */
export function longMarkdown(chars: number): string {
  let text = '# A long answer\n\n'
  for (let i = 0; text.length < chars; i++) text += section(i)
  return text
}

/** `text` cut into `count` consecutive pieces of (nearly) equal length that join back to it. */
export function cutInto(text: string, count: number): string[] {
  const chars = [...text]
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    out.push(
      chars
        .slice(Math.round((i * chars.length) / count), Math.round(((i + 1) * chars.length) / count))
        .join(''),
    )
  }
  return out.filter((piece) => piece !== '')
}

/** The benchmark answer: 2,000 deltas, ~20 KB. */
export function benchAnswer(deltas = 2000, chars = 20_000): string[] {
  return cutInto(longMarkdown(chars), deltas)
}
