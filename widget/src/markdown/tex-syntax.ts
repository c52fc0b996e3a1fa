/**
 * TeX in text: `$…$`, `$$…$$`, `\(…\)` and `\[…\]`, as a micromark extension, so code spans and
 * code blocks keep their dollars and backslashes (the parser never looks inside them).
 *
 * A single dollar follows Pandoc's rule, which keeps prices apart: the opening `$` is followed by a
 * non-space, the closing `$` follows a non-space and is not followed by a digit. "$5 and $10" is
 * text. Math needs content: `\[\]`, or `\(\\\)` (backslash escapes only) stay escapes. `$$…$$`
 * alone on its lines is display math handled by micromark-extension-math's flow construct.
 */
import type {
  Code,
  Construct,
  Effects,
  Extension,
  State,
  TokenizeContext,
} from './micromark-types.ts'

const DOLLAR = 36
const BACKSLASH = 92

/** Space, tab, line ending or the end: micromark's negative codes are tabs and line endings. */
const blank = (code: Code) => code === null || code < 0 || code === 32
const eol = (code: Code) => code !== null && code < -2
const digit = (code: Code) => code !== null && code >= 48 && code <= 57
const punctuation = (code: Code) =>
  code !== null &&
  ((code >= 33 && code <= 47) ||
    (code >= 58 && code <= 64) ||
    (code >= 91 && code <= 96) ||
    (code >= 123 && code <= 126))

/**
 * A line ending inside TeX: micromark wants it as a token of its own. It is typed as padding so
 * that mdast-util-from-markdown does not drop it (it keeps line endings only in certain nodes);
 * texFromMarkdown (tex-node.ts) adds it to the value. Token names are micromark-extension-math's.
 */
function lineEnding(effects: Effects, code: Code, next: State): State | undefined {
  effects.enter('mathTextPadding')
  effects.consume(code)
  effects.exit('mathTextPadding')
  return next
}

function tokenizeDollars(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let open = 0
  let close = 0
  let content = false
  let afterBlank = false
  let sequence: ReturnType<Effects['enter']>
  return start

  function start(code: Code) {
    effects.enter('mathText')
    effects.enter('mathTextSequence')
    return opening(code)
  }
  function opening(code: Code): State | undefined {
    if (code === DOLLAR) {
      effects.consume(code)
      open++
      return opening
    }
    if (open === 1 && blank(code)) return nok(code)
    effects.exit('mathTextSequence')
    return between(code)
  }
  function between(code: Code): State | undefined {
    if (code === null) return nok(code)
    if (code === DOLLAR) {
      sequence = effects.enter('mathTextSequence')
      close = 0
      return closing(code)
    }
    if (eol(code)) {
      afterBlank = true
      return lineEnding(effects, code, between)
    }
    effects.enter('mathTextData')
    return data(code)
  }
  function data(code: Code): State | undefined {
    if (code === null || code === DOLLAR || eol(code)) {
      effects.exit('mathTextData')
      return between(code)
    }
    afterBlank = blank(code)
    content ||= !afterBlank
    effects.consume(code)
    // `\$` is a dollar in TeX, not the end of the math.
    return code === BACKSLASH ? escaped : data
  }
  function escaped(code: Code): State | undefined {
    if (code === DOLLAR || code === BACKSLASH) {
      effects.consume(code)
      return data
    }
    return data(code)
  }
  function closing(code: Code): State | undefined {
    if (code === DOLLAR) {
      effects.consume(code)
      close++
      return closing
    }
    if (close === open && content && (open > 1 || (!afterBlank && !digit(code)))) {
      effects.exit('mathTextSequence')
      effects.exit('mathText')
      return ok(code)
    }
    // Not the end: the dollars are part of the TeX.
    sequence.type = 'mathTextData'
    afterBlank = false
    return data(code)
  }
}

function tokenizeBrackets(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let end = 0
  let content = false
  const closer: Construct = { tokenize: tokenizeCloser, partial: true }
  return start

  function start(code: Code) {
    effects.enter('mathText')
    effects.enter('mathTextSequence')
    effects.consume(code)
    return opening
  }
  function opening(code: Code): State | undefined {
    if (code !== 40 && code !== 91) return nok(code)
    end = code === 40 ? 41 : 93
    effects.consume(code)
    effects.exit('mathTextSequence')
    return between
  }
  function between(code: Code): State | undefined {
    if (code === null) return nok(code)
    if (code === BACKSLASH) return effects.attempt(closer, done, command)(code)
    if (eol(code)) return lineEnding(effects, code, between)
    effects.enter('mathTextData')
    return data(code)
  }
  function data(code: Code): State | undefined {
    if (code === null || code === BACKSLASH || eol(code)) {
      effects.exit('mathTextData')
      return between(code)
    }
    content ||= !blank(code)
    effects.consume(code)
    return data
  }
  function command(code: Code): State | undefined {
    effects.enter('mathTextData')
    effects.consume(code)
    return escaped
  }
  function escaped(code: Code): State | undefined {
    if (code === null || eol(code)) {
      effects.exit('mathTextData')
      return between(code)
    }
    // `\\,` or `\\\\` alone is punctuation; `\\alpha` is math.
    content ||= !blank(code) && !punctuation(code)
    effects.consume(code)
    return data
  }
  function done(code: Code): State | undefined {
    if (!content) return nok(code)
    effects.exit('mathText')
    return ok(code)
  }
  function tokenizeCloser(this: TokenizeContext, fx: Effects, yes: State, no: State): State {
    return (code) => {
      fx.enter('mathTextSequence')
      fx.consume(code)
      return (next) => {
        if (next !== end) return no(next)
        fx.consume(next)
        fx.exit('mathTextSequence')
        return yes
      }
    }
  }
}

/** Like micromark-extension-math's: a dollar right after a dollar does not start math. */
function notAfterDollar(this: TokenizeContext, code: Code): boolean {
  return code !== DOLLAR || this.events.at(-1)?.[1].type === 'characterEscape'
}

export const texSyntax: Extension = {
  text: {
    [DOLLAR]: { name: 'tex', tokenize: tokenizeDollars, previous: notAfterDollar },
    [BACKSLASH]: { name: 'tex', tokenize: tokenizeBrackets },
  },
}
