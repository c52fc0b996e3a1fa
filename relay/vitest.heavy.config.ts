/**
 * The tests that load the machine on purpose (30 concurrent 15 MB uploads, gzip bombs) while they
 * time the relay from outside: one file at a time, after every other project, so that neither they
 * nor the timing-sensitive tests elsewhere measure each other's load.
 */
import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'relay-heavy',
    environment: 'node',
    include: ['test/**/*.heavy.test.ts'],
    fileParallelism: false,
    sequence: { groupOrder: 1 },
  },
})
