import { runtimeSuite } from './runtime-suite.ts'

runtimeSuite('deno')
