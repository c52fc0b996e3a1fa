import { useStore } from '@nanostores/preact'
import { useWidget } from './widget-context.ts'

/**
 * Under the composer: the disclaimer, copyright and privacy-policy link the owner set in Dify
 * (`/site`), each replaced by its data attribute, and hidden by that attribute's value `none`.
 */
export function Footer() {
  const { view, appInfo } = useWidget()
  const look = useStore(appInfo.$appInfo).info?.look
  const { config, t } = view
  const pick = (own: string | null, dify?: string | null) => (own === 'none' ? null : own || dify)
  const disclaimer = pick(config.disclaimer, look?.disclaimer)
  const copyright = pick(config.copyright, look?.copyright)
  const privacy = pick(config.privacyUrl, look?.privacyPolicy)
  if (!disclaimer && !copyright && !privacy) return null
  return (
    <div class="foot" data-parley="footer" dir="auto">
      {disclaimer && <p>{disclaimer}</p>}
      {(copyright || privacy) && (
        <p>
          {copyright}
          {copyright && privacy && ' · '}
          {privacy && (
            <a href={privacy} target="_blank" rel="noopener noreferrer">
              {t.privacy}
            </a>
          )}
        </p>
      )}
    </div>
  )
}
