/** The app chunk's entry: hands `start` to the loader that added this script. */
import { registerChunk } from './handoff.ts'
import { start } from './widget.ts'

registerChunk({ start })
