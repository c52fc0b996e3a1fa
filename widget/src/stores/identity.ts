/**
 * Who the visitor is to the relay: anonymous, or the site's signed-in user, proven by a user token
 * the site's backend signed (`data-user-token`, `Parley.identify`). The token is kept in memory
 * only; the page hands it over again on every load.
 */
import { atom, type ReadableAtom } from 'nanostores'

export interface IdentityStore {
  /** The user token sessions are asked for with; null: anonymous. */
  $token: ReadableAtom<string | null>
  /** The app serves signed-in users only, and this visitor is not one (yet). */
  $required: ReadableAtom<boolean>
  set(token: string | null): void
  /** The relay refused an anonymous session (`identity_required`). */
  require(): void
}

/** The unverified `sub` of a JWT (null: not one): which user a token names, to tell whether the user changed. */
export function subjectOf(token: string): string | null {
  try {
    const part = token.split('.')[1] ?? ''
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'))
    const { sub } = JSON.parse(json) as { sub?: unknown }
    return typeof sub === 'string' && sub !== '' ? sub : null
  } catch {
    return null
  }
}

export function createIdentity(token: string | null): IdentityStore {
  const $token = atom(token)
  const $required = atom(false)
  return {
    $token,
    $required,
    set(next) {
      $token.set(next)
      if (next) $required.set(false)
    },
    require: () => $required.set(true),
  }
}
