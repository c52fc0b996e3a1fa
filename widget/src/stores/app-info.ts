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
}

export function createAppInfo(relay: RelayClient): AppInfoStore {
  const $appInfo = atom<AppInfoState>({ info: null, demo: false })
  const update = (patch: Partial<AppInfoState>) => $appInfo.set({ ...$appInfo.get(), ...patch })
  return {
    $appInfo,
    async load() {
      await Promise.all([
        relay.health().then(
          (h) => update({ demo: h.mode === 'demo' }),
          () => {},
        ),
        relay.app().then(
          (info) => update({ info }),
          () => {},
        ),
      ])
    },
  }
}
