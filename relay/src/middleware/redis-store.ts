/**
 * A `LimitStore` in Redis (REDIS_URL), so every instance shares the same buckets and daily counters.
 * Each operation is one Lua script, hence atomic however many instances race on a key.
 * Node and Bun only (ioredis); app.ts never imports this, the runtime entry passes it in.
 */
import { Redis } from 'ioredis'
import type { LimitStore } from './limit-store.ts'

// Same arithmetic as the memory store: a bucket of `limit` tokens refilled at limit/window per ms.
// The key lives as long as the bucket is not full, so absent means full.
const TAKE = `
local limit, window, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local per_ms = limit / window
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(state[1]), tonumber(state[2])
if tokens == nil or at == nil then tokens, at = limit, now end
tokens = math.min(limit, tokens + math.max(0, now - at) * per_ms)
if tokens < 1 then return math.ceil((1 - tokens) / per_ms) end
tokens = tokens - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((limit - tokens) / per_ms))
return 0
`

const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIREAT', KEYS[1], ARGV[1]) end
return count
`

export interface RedisStoreOptions {
  /** Prefix of every key, so one Redis can serve several relays. */
  prefix?: string
  /** Called on connection errors (ioredis reconnects by itself); gets the error's name only. */
  onError?: (name: string) => void
}

export function createRedisStore(url: string, options: RedisStoreOptions = {}): LimitStore {
  const prefix = options.prefix ?? 'parley:'
  const redis = new Redis(url, {
    // A chat request waits on this: fail fast (→ 503) rather than queue while Redis is away.
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    enableOfflineQueue: true,
  })
  redis.on('error', (error: Error) => options.onError?.(error.name))

  return {
    async take(key, { limit, windowMs }, now) {
      return Number(await redis.eval(TAKE, 1, prefix + key, limit, windowMs, now))
    },
    async increment(key, expiresAt) {
      return Number(await redis.eval(INCREMENT, 1, prefix + key, Math.ceil(expiresAt)))
    },
    async close() {
      await redis.quit()
    },
  }
}
