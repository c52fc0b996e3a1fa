import { describe, expect, it } from 'vitest'
import { END, replaceBetweenMarkers, START } from './readme.ts'

describe('replaceBetweenMarkers', () => {
  it('replaces only the text between the markers', () => {
    const readme = `# Title\n\n${START}\nold\n${END}\n\n## After\n`
    expect(replaceBetweenMarkers(readme, 'new')).toBe(
      `# Title\n\n${START}\nnew\n${END}\n\n## After\n`,
    )
  })

  it('appends the markers at the end when they are missing', () => {
    expect(replaceBetweenMarkers('# Title\n', 'body')).toBe(`# Title\n\n${START}\nbody\n${END}\n`)
  })
})
