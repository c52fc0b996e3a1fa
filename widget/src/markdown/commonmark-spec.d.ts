/** The dev-only `commonmark-spec` package (CommonJS, untyped): the spec's examples. */
declare module 'commonmark-spec' {
  export interface Example {
    markdown: string
    html: string
    section: string
    number: number
  }
  const spec: { tests: Example[] }
  export default spec
}
