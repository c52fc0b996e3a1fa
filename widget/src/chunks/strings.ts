/** The strings chunk's entry: the UI texts of every language but English, loaded for those pages. */
import { registerChunk } from '../handoff.ts'
import { stringsFor } from '../i18n/locale.ts'

registerChunk(stringsFor)
