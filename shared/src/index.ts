export * from './errors.ts'
export * from './protocol.ts'
export * from './sse.ts'
