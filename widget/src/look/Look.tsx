/**
 * The owner's look beyond the colour, as set in Dify (`/site`) or by the page's data attributes:
 * the disclaimer, copyright and privacy-policy link under the composer, and the icon beside each
 * answer. This is the look chunk: it renders with the app's Preact (chunks/host.ts).
 */
import { useStore } from '@nanostores/preact'
import { useRef, useState } from 'preact/hooks'
import { useSheet } from '../chunks/use-sheet.ts'
import type { Widget } from '../ui/widget-context.ts'
import { answerIcon, answerIconCss } from './answer-icon.ts'
import { readLookOptions } from './look-options.ts'
import { FOOTER_CSS } from './styles.ts'

export function Look({ widget }: { widget: Pick<Widget, 'view' | 'appInfo'> }) {
  const { view, appInfo } = widget
  const look = useStore(appInfo.$appInfo).info?.look
  const [own] = useState(() => readLookOptions(view.data))
  const self = useRef<HTMLDivElement>(null)
  useSheet(self, FOOTER_CSS + answerIconCss(answerIcon(own.answerIcon, look?.answerIcon)))
  const pick = (mine: string | null, dify?: string | null) =>
    mine === 'none' ? null : mine || dify
  const disclaimer = pick(own.disclaimer, look?.disclaimer)
  const copyright = pick(own.copyright, look?.copyright)
  const privacy = pick(own.privacyUrl, look?.privacyPolicy)
  return (
    <div ref={self} class="foot" data-parley="footer" dir="auto">
      {disclaimer && <p>{disclaimer}</p>}
      {(copyright || privacy) && (
        <p>
          {copyright}
          {copyright && privacy && ' · '}
          {privacy && (
            <a href={privacy} target="_blank" rel="noopener noreferrer">
              {view.t.privacy}
            </a>
          )}
        </p>
      )}
    </div>
  )
}
