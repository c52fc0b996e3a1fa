/**
 * micromark's construct types, reached through `micromark`'s own `Options`: the package that
 * declares them (`micromark-util-types`) is not a direct dependency of the widget.
 */
import type { Options } from 'micromark'

export type Extension = NonNullable<Options['extensions']>[number]
type Record = NonNullable<Extension['text']>
export type Construct = Exclude<NonNullable<Record[string]>, unknown[]>
export type Tokenizer = Construct['tokenize']
export type TokenizeContext = ThisParameterType<Tokenizer>
export type Effects = Parameters<Tokenizer>[0]
export type State = Parameters<Tokenizer>[1]
export type Code = Parameters<State>[0]
