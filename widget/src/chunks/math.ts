/** The math chunk's entry: TeX → MathML, loaded by the app only when an answer contains math. */
import { registerChunk } from '../handoff.ts'
import { mathRenderer } from '../markdown/math-render.ts'

registerChunk(mathRenderer)
