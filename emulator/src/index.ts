/**
 * A Dify-compatible emulator (Service API v1, as ../shared/dify-api.md describes it): the relay's
 * demo mode and every test's upstream. Runtime-neutral, a `fetch` handler; `./server` puts it
 * behind node:http for tests, the bench and the examples.
 */
export type { AppOverrides, AppSettings, SiteSettings } from './app-settings.ts'
export { DEFAULT_API_KEY } from './context.ts'
export { demoAnswer } from './demo-answer.ts'
export { DEMO_APPS, type DemoApp } from './demo-generators.ts'
export type {
  AppMode,
  DifyEmulator,
  EmulatorOptions,
  HumanInputScript,
  MessageRecord,
  RecordedRequest,
  Scenario,
} from './emulator.ts'
export { createDifyEmulator } from './emulator.ts'
export type { HumanInputFormRecord } from './state.ts'
export { createDemoUpstream } from './upstream.ts'
