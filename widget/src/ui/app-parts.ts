/** What the generate chunk renders with from the app (see generate/Generator.tsx). */
import type { AppParts } from '../generate/Generator.tsx'
import { plainText } from '../markdown/plain-text.ts'
import { Message } from './Message.tsx'
import { WidgetContext } from './widget-context.ts'

export const APP_PARTS: AppParts = { Message, Context: WidgetContext, plainText }
