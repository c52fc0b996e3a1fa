/**
 * Each answer route serves one kind of app (design.md "Text-generation and workflow apps"): the
 * wrong kind is refused before Dify is called, from the cached `/info`, so the visitor never sees
 * Dify's own refusal (`not_chat_app`, `app_unavailable`, `not_workflow_app`).
 */
import { appInputs, fileRules } from '../dify/app-info.ts'
import { type AppKind, kindOf } from '../dify/app-mode.ts'
import type { DifyClient } from '../dify/client.ts'
import type { DifyFileRef, DifyInputValue } from '../dify/types.ts'
import { toDifyFiles } from '../validation/files.ts'
import { validateInputs } from '../validation/inputs.ts'
import { badRequest } from '../validation/request-error.ts'

const USE: Record<AppKind, string> = {
  chat: 'a chat app: send messages to POST /api/chat',
  completion: 'a text generator: send its inputs to POST /api/completion',
  workflow: 'a workflow: run it with POST /api/workflow',
}

/** Throws a `bad_request` when the app is known to be of another kind; an unknown kind passes. */
export async function requireKind(dify: Pick<DifyClient, 'appMode'>, kind: AppKind): Promise<void> {
  const mode = await dify.appMode().catch(() => null)
  if (mode === null || kindOf(mode) === kind) return
  throw badRequest(`This app is ${USE[kindOf(mode)]}.`)
}

/**
 * A run's inputs and files, checked by the app's rules (`/parameters`), once the app is known to be
 * of `kind`: what every answer route does before it calls Dify.
 */
export async function checkedRun(
  dify: Pick<DifyClient, 'appMode' | 'parameters'>,
  kind: AppKind,
  body: { inputs?: unknown; files?: unknown },
): Promise<{ inputs: Record<string, DifyInputValue>; files: DifyFileRef[] | undefined }> {
  const [params] = await Promise.all([dify.parameters(), requireKind(dify, kind)])
  return {
    inputs: validateInputs(body.inputs, appInputs(params)),
    files: toDifyFiles(body.files, fileRules(params)),
  }
}
