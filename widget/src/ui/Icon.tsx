import { ICON_PATHS, type IconName } from './icon-paths.ts'

export type { IconName }

/** Size and stroke come from the stylesheet (`svg` rule). Inline SVG: no font, no request. */
export function Svg({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true">
      <path d={d} />
    </svg>
  )
}

export const Icon = ({ name }: { name: IconName }) => <Svg d={ICON_PATHS[name]} />
