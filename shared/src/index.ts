export * from './errors.ts'
export * from './file-types.ts'
export * from './protocol.ts'
export * from './sse.ts'
