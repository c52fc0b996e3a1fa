/**
 * One visitor's tokens for the ids Dify does not scope by user (signed-ids.ts): the task id a stop
 * takes (Dify stops a chatflow run for anyone who names it, dify-api.md Part 2 §M) and a paused
 * answer's form (its token answers it for anyone, §D.2). The relay checks a token before Dify hears
 * of its id; another visitor's, another app's or a broken one is simply not found.
 */
import type { HumanInputForm } from '@parley/shared'
import type { Context } from 'hono'
import type { AnswerIds } from './dify/answer-events.ts'
import type { FormDraft, FormHandle } from './dify/human-input.ts'
import { type IdScope, MAC_CHARS, seal, signId, unseal, verifiedId } from './signed-ids.ts'
import type { AppEnv } from './types.ts'

/** Dify's task ids are UUIDs; room for any id of its kind, and the MAC after the dot. */
export const TASK_TOKEN = new RegExp(`^[A-Za-z0-9-]{1,100}\\.[A-Za-z0-9_-]{${MAC_CHARS}}$`)

/** Longer than any handle `form` seals (FORM_LIMITS' fields and actions, each name at its longest). */
export const MAX_FORM_TOKEN_CHARS = 8192

export interface VisitorIds extends AnswerIds {
  /** The Dify task id of a stop token this visitor was given, else null. */
  taskId(token: string): Promise<string | null>
  /** The handle of a form token this visitor was given, else null. */
  formHandle(token: string): Promise<FormHandle | null>
}

/** The sealed form handle, with short keys: it travels in a URL. */
interface SealedHandle {
  t: string
  r: string
  e: number
  a: string[]
  f: string[]
}

const strings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string')

function handleOf(value: unknown): FormHandle | null {
  const h = (typeof value === 'object' && value !== null ? value : {}) as Partial<SealedHandle>
  if (typeof h.t !== 'string' || typeof h.r !== 'string' || typeof h.e !== 'number') return null
  if (!strings(h.a) || !strings(h.f)) return null
  return { formToken: h.t, runId: h.r, expiresAt: h.e, actions: h.a, fields: h.f }
}

export function visitorIds(secret: string, scope: IdScope): VisitorIds {
  return {
    task: (taskId) => signId(secret, 'task', scope, taskId),
    async taskId(token) {
      if (!TASK_TOKEN.test(token)) return null
      return verifiedId(secret, 'task', scope, token)
    },
    async form({ form, handle }: FormDraft): Promise<HumanInputForm> {
      const sealed: SealedHandle = {
        t: handle.formToken,
        r: handle.runId,
        e: handle.expiresAt,
        a: handle.actions,
        f: handle.fields,
      }
      return { token: await seal(secret, 'form', scope, sealed), ...form }
    },
    async formHandle(token) {
      if (token.length > MAX_FORM_TOKEN_CHARS) return null
      return handleOf(await unseal(secret, 'form', scope, token))
    },
  }
}

/** The tokens of the request's visitor, for the app serving it. */
export function requestIds(c: Context<AppEnv>): VisitorIds {
  return visitorIds(c.get('config').sessionSecret, {
    app: c.get('app').config.id,
    visitor: c.get('visitor'),
  })
}
