/**
 * In place of the composer when the app serves signed-in users only: where to sign in. In the look
 * chunk, with the other parts few chats show.
 */
import { useRef } from 'preact/hooks'
import { useSheet } from '../chunks/use-sheet.ts'
import type { Widget } from '../ui/widget-context.ts'

const SIGN_IN_CSS = `.signin{align-items:center}
.signin p{flex:1;margin:0}`

export function SignIn({ widget }: { widget: Pick<Widget, 'view'> }) {
  const { t, config } = widget.view
  const self = useRef<HTMLDivElement>(null)
  useSheet(self, SIGN_IN_CSS)
  return (
    <div ref={self} class="comp signin" data-parley="sign-in" role="status">
      <p>{t.signInPrompt}</p>
      {config.loginUrl && (
        <a class="btn" href={config.loginUrl} target="_top">
          {t.signIn}
        </a>
      )}
    </div>
  )
}
