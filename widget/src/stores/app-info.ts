/** What the relay says about the Dify app and itself: title, opening statement, features, demo mode. */
import type { AppInfo } from '@parley/shared'
import { atom, type ReadableAtom } from 'nanostores'
import type { RelayClient } from '../api/relay-client.ts'

export interface AppInfoState {
  /** Null until (and unless) the relay answers. */
  info: AppInfo | null
  demo: boolean
}

export interface AppInfoStore {
  $appInfo: ReadableAtom<AppInfoState>
  /** Asks the relay; best effort: the widget works without either answer. */
  load(): Promise<void>
  /**
   * Settles when the first load has (asking now if none did), or after 5 s: for what must know the
   * app's inputs before it sends (the page context).
   */
  ready(): Promise<void>
}

const READY_WAIT_MS = 5000

export function createAppInfo(relay: RelayClient): AppInfoStore {
  const $appInfo = atom<AppInfoState>({ info: null, demo: false })
  const update = (patch: Partial<AppInfoState>) => $appInfo.set({ ...$appInfo.get(), ...patch })
  let first: Promise<void> | undefined
  /** One wait for every message: no new 5 s timer per send. */
  let settled: Promise<void> | undefined
  const store: AppInfoStore = {
    $appInfo,
    load() {
      const loading = Promise.all([
        relay.health().then(
          (h) => update({ demo: h.mode === 'demo' }),
          () => {},
        ),
        relay.app().then(
          (info) => update({ info }),
          () => {},
        ),
      ]).then(() => {})
      first ??= loading
      return loading
    },
    ready: () =>
      (settled ??= Promise.race([
        first ?? store.load(),
        new Promise<void>((resolve) => setTimeout(resolve, READY_WAIT_MS)),
      ])),
  }
  return store
}
