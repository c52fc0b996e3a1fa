/**
 * Stand-in for micromark's raw-HTML constructs (`html-flow`, `html-text`), resolved by a build
 * alias. The widget never renders HTML and showed a raw-HTML node as its text anyway, so the two
 * tokenizers (with the HTML tag-name lists) were ~2 KB brotli spent on telling text from text.
 * Without them `<div>` and `<br>` are ordinary characters in a paragraph.
 */
import type { Construct, State } from 'micromark-util-types'

const never: Construct['tokenize'] = (_effects, _ok, nok): State => nok

export const htmlFlow: Construct = { name: 'htmlFlow', tokenize: never }
export const htmlText: Construct = { name: 'htmlText', tokenize: never }
