import type { Ref } from 'preact'
import { togglePanel } from '../stores/ui.ts'
import { Icon } from './Icon.tsx'
import { useView } from './view.ts'

/** The floating bubble: a labelled toggle button with an unread dot. */
export function Launcher(props: {
  open: boolean
  unread: boolean
  buttonRef: Ref<HTMLButtonElement>
}) {
  const { t } = useView()
  return (
    <button
      type="button"
      class="launch"
      data-parley="launcher"
      ref={props.buttonRef}
      aria-label={t.chat}
      aria-expanded={props.open}
      aria-controls="parley-panel"
      onClick={togglePanel}
    >
      <Icon name={props.open ? 'x' : 'chat'} />
      {props.unread && !props.open && <span class="dot" />}
    </button>
  )
}
