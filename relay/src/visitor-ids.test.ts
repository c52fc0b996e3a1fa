import { describe, expect, it } from 'vitest'
import type { FormDraft } from './dify/human-input.ts'
import { seal } from './signed-ids.ts'
import { TASK_TOKEN, visitorIds } from './visitor-ids.ts'

const SECRET = 'visitor-ids-test-secret'
const scope = { app: 'default', visitor: 'v_alice' }
const ids = visitorIds(SECRET, scope)
const draft: FormDraft = {
  form: { title: 'Approval', content: '', fields: [], actions: [], expiresAt: 1 },
  handle: { formToken: 'tok', runId: 'run', expiresAt: 1, actions: ['ok'], fields: ['note'] },
}

describe('visitorIds', () => {
  it('turns a task id into a stop token and back, for this visitor only', async () => {
    const token = await ids.task('f3b2bbbb-0000-4000-8000-000000000003')
    expect(token).toMatch(TASK_TOKEN)
    expect(await ids.taskId(token)).toBe('f3b2bbbb-0000-4000-8000-000000000003')
    expect(await visitorIds(SECRET, { ...scope, visitor: 'v_bob' }).taskId(token)).toBeNull()
  })

  it('seals a form’s handle as its token and opens it again, for this visitor only', async () => {
    const form = await ids.form(draft)
    expect(form).toEqual({ ...draft.form, token: expect.any(String) })
    expect(await ids.formHandle(form.token)).toEqual(draft.handle)
    expect(await visitorIds(SECRET, { ...scope, app: 'other' }).formHandle(form.token)).toBeNull()
  })

  it('opens nothing that is not a handle, nor anything too long to be one', async () => {
    for (const value of [null, 'x', { t: 'tok', r: 'run', e: '1', a: [], f: [] }, { t: 1 }]) {
      expect(await ids.formHandle(await seal(SECRET, 'form', scope, value))).toBeNull()
    }
    expect(await ids.formHandle('A'.repeat(9000))).toBeNull()
  })
})
