/**
 * The long answer the stream benchmark renders: ~20 KB of markdown shaped like an LLM's answers
 * (headings, paragraphs with emphasis, code spans and links, numbered steps with a fenced code block
 * and a second paragraph inside each step, nested bullets, tables with alignment, a block quote), cut
 * into equal deltas that split words and markdown syntax anywhere, as an LLM's tokens do.
 */

function section(i: number): string {
  const n = i + 1
  return [
    `## ${n}. Setting up region ${n}`,
    '',
    `Parley relays **streamed answers** from Dify to the widget. Step ${n} shows how the *relay* keeps the key on the server and how \`createRelay\` mounts its routes; see [the docs](https://example.com/docs/${n}) or [Server-sent events](https://en.wikipedia.org/wiki/Server-sent_events_(SSE)).`,
    '',
    '1. Install the relay and set its secret:',
    '',
    '   ```sh',
    `   npm install @parley/relay@1.${i}.0`,
    '   export SESSION_SECRET="$(openssl rand -hex 32)"',
    '   ```',
    '',
    `   Keep \`SESSION_SECRET\` stable across instances, or tokens minted by one (${n}) fail on another.`,
    '',
    '2. Mount it in your server:',
    '',
    '   ```ts',
    `   const relay${i} = createRelay(loadConfig(process.env), { clientIp })`,
    `   serve({ fetch: relay${i}.fetch, port: ${8000 + i} })`,
    '   ```',
    '',
    '3. Put a reverse proxy in front:',
    '   - `proxy_buffering off`, so tokens arrive as they are generated',
    '   - a read timeout above the longest answer, e.g. `300s`',
    '',
    `> **Note:** the limits are per session (\`20/min\`) and per IP; raise them for region ${n} if many visitors share one address.`,
    '',
    '| setting | default | meaning |',
    '| :--- | ---: | :---: |',
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
