import { createRef } from 'preact'
import { $app } from '../stores/app.ts'
import { reset } from '../stores/conversation.ts'
import { Composer } from './Composer.tsx'
import { Connected } from './connected.ts'
import { Icon } from './Icon.tsx'
import { MessageList } from './MessageList.tsx'
import { useView } from './view.ts'

interface PanelProps {
  open: boolean
  onClose: () => void
}

/** The chat window: header, message log, composer. Stays mounted while closed (keeps the draft). */
export class Panel extends Connected<PanelProps> {
  stores = [$app]
  input = createRef<HTMLTextAreaElement>()

  override componentDidMount(): void {
    super.componentDidMount()
    this.focusOnOpen(false)
  }

  override componentDidUpdate(prev: PanelProps): void {
    this.focusOnOpen(prev.open)
  }

  /** The bubble's panel just opened: focus the composer. */
  focusOnOpen(wasOpen: boolean): void {
    if (this.props.open && !wasOpen && useView().config.mode === 'bubble') {
      this.input.current?.focus()
    }
  }

  override render({ open, onClose }: PanelProps) {
    const { config, t } = useView()
    const app = $app.get()
    const bubble = config.mode === 'bubble'
    const title = config.title ?? app.info?.title ?? t.chat
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && bubble) {
        e.stopPropagation()
        onClose()
      }
    }
    return (
      <div
        class="panel"
        id="parley-panel"
        data-parley="panel"
        role="dialog"
        aria-label={title}
        hidden={!open}
        onKeyDown={onKeyDown}
      >
        <div class="head">
          <div class="title">{title}</div>
          {app.demo && <span class="badge">{t.demo}</span>}
          <button
            type="button"
            class="ib"
            data-parley="new"
            aria-label={t.newChat}
            onClick={() => {
              reset()
              this.input.current?.focus()
            }}
          >
            <Icon name="plus" />
          </button>
          {bubble && (
            <button
              type="button"
              class="ib"
              data-parley="close"
              aria-label={t.close}
              onClick={onClose}
            >
              <Icon name="x" />
            </button>
          )}
        </div>
        <MessageList />
        <Composer inputRef={this.input} />
      </div>
    )
  }
}
