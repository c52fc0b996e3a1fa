/** What the relay says about the Dify app and itself: opening statement, features, demo mode. */
import type { AppInfo } from '@parley/shared'
import { atom } from 'nanostores'
import { relay } from './session.ts'

export const $app = atom<{ info: AppInfo | null; demo: boolean }>({ info: null, demo: false })

/** Best effort: the widget works without either answer. */
export async function loadApp(): Promise<void> {
  const client = relay()
  await Promise.all([
    client.health().then(
      (h) => $app.set({ ...$app.get(), demo: h.mode === 'demo' }),
      () => {},
    ),
    client.app().then(
      (info) => $app.set({ ...$app.get(), info }),
      () => {},
    ),
  ])
}
