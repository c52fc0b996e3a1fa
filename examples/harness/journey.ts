/**
 * Cross-engine journeys: a visitor's path through the widget, written once (`journeys.ts`) and run
 * by each engine's test file with `engineSuite(engine, journeys)`. Per engine run: one browser; per
 * journey: a stack of its own (its pages load `PAGE_TRAP` first) and a fresh visitor on
 * `journey.page`.
 *
 * Every journey ends with the same checks, in every engine: no console error and no uncaught
 * exception (but those the journey allows), and no CSP violation.
 */
import type { EmulatorOptions } from '@parley/emulator/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine, EngineDriver, EngineName, Viewport } from './engine.ts'
import { launchEngine } from './engine.ts'
import { EngineWidget } from './engine-widget.ts'
import { PAGE_TRAP } from './page-trap.ts'
import { type Stack, startStack } from './stack.ts'

export interface Journey {
  /** What the visitor does and sees: the test's name. */
  name: string
  /** The example page the visitor opens (default `basic.html`). */
  page?: string
  /** The viewport in CSS pixels (default 1280×800). */
  viewport?: Viewport
  /** Relay environment for this journey's stack. */
  env?: Record<string, string>
  /** How this journey's test upstream is set up (e.g. `humanInput`); default: the emulator's own. */
  upstream?: EmulatorOptions
  /** Console errors this journey provokes on purpose (e.g. a failed request before a retry). */
  allowConsole?: RegExp[]
  /** CSP violations this journey provokes on purpose (e.g. the detector's control check). */
  allowCsp?: RegExp[]
  /** Engines this journey cannot run in yet, each with the reason (reported as skipped). */
  skip?: Partial<Record<EngineName, string>>
  run(t: JourneyContext): Promise<void>
}

export interface JourneyContext {
  engine: EngineName
  stack: Stack
  widget: EngineWidget
  driver: EngineDriver
}

/** Registers `journeys` as tests of one engine, run one after the other in one browser. */
export function engineSuite(name: EngineName, journeys: readonly Journey[]): void {
  let engine: Engine | undefined

  describe(name, () => {
    beforeAll(async () => {
      engine = await launchEngine(name)
    }, 45_000)
    afterAll(async () => {
      await engine?.close()
    }, 20_000)

    for (const journey of journeys) {
      const skip = journey.skip?.[name]
      it.skipIf(skip !== undefined)(journey.name, async () => {
        if (!engine) throw new Error(`${name} did not start`)
        // A stack of its own (a few ms to start): no scripted answer or request log of another
        // journey, e.g. one that failed before its answer was asked for, can leak into this one.
        const stack = await startStack(journey.env, {
          headScript: PAGE_TRAP,
          upstream: journey.upstream,
        })
        let driver: EngineDriver | undefined
        try {
          driver = await engine.open(stack.page(journey.page ?? 'basic.html'), {
            viewport: journey.viewport,
          })
          const widget = new EngineWidget(driver)
          await journey.run({ engine: name, stack, widget, driver })
          const allowed = journey.allowConsole ?? []
          const errors = (await driver.consoleErrors()).filter(
            (m) => !allowed.some((re) => re.test(m)),
          )
          expect(errors, `console errors in ${name}`).toEqual([])
          const allowedCsp = journey.allowCsp ?? []
          const violations = (await widget.cspViolations()).filter(
            (v) => !allowedCsp.some((re) => re.test(v)),
          )
          expect(violations, `CSP violations in ${name}`).toEqual([])
        } finally {
          await driver?.close()
          await stack.close()
        }
      })
    }
  })
}
