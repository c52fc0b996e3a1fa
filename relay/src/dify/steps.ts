/**
 * Whether an app's answers show their steps (workflow node titles, agent tool names) as `status`
 * events: the relay app's `showProcess`, or else Dify's `show_workflow_steps` from `/site`. The
 * one rule behind both `/api/app` (`features.steps`) and the answer stream.
 */
import type { DifyClient } from './client.ts'
import type { DifySiteInfo } from './types.ts'

export function stepsOn(showProcess: boolean, site: DifySiteInfo | null): boolean {
  return showProcess || site?.showWorkflowSteps === true
}

/**
 * For an answer about to start, without waiting for `/site`: on or off as soon as the (cached)
 * read is in. Until then (a cold cache) and after it fails, only `showProcess` counts.
 */
export function answerSteps(
  showProcess: boolean,
  dify: Pick<DifyClient, 'siteInfo'>,
): () => boolean {
  if (showProcess) return () => true
  let on = false
  dify.siteInfo().then(
    (site) => {
      on = stepsOn(false, site)
    },
    () => undefined,
  )
  return () => on
}
