/**
 * Stand-in for `decode-named-character-reference` (same API), resolved by a build alias: its
 * browser build decodes through `innerHTML` and its default build carries all 2,125 HTML5 names
 * (~10 KB brotli). Chat answers use the HTML 4 names; an HTML5-only name such as `&ngE;` stays
 * literal text.
 */
import { characterEntitiesHtml4 } from 'character-entities-html4'

/** Decodes `name` (without `&` and `;`) or returns `false` when it is not a known reference. */
export function decodeNamedCharacterReference(value: string): string | false {
  if (Object.hasOwn(characterEntitiesHtml4, value)) return characterEntitiesHtml4[value] ?? false
  // The six upper-case spellings HTML keeps for compatibility: all that character-entities-legacy
  // adds to the HTML 4 names, without its 106-name list.
  if (/^(AMP|COPY|GT|LT|QUOT|REG)$/.test(value)) {
    return characterEntitiesHtml4[value.toLowerCase()] ?? false
  }
  // Not in HTML 4 but common in generated text (XML and HTML5 both define it).
  return value === 'apos' ? "'" : false
}
