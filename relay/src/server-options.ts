/** node:http server settings for the Node entry: how long idle and slow connections may stay open. */
import type { ServerOptions } from 'node:http'

/**
 * - `keepAliveTimeout` 65 s: an idle keep-alive socket is closed after this. Longer than the 60 s
 *   idle timeout of common load balancers, so they close first and never reuse a socket the relay
 *   is closing (which shows as sporadic 502s).
 * - `headersTimeout` 20 s: a client must send its request headers within this (slowloris).
 * - `requestTimeout` 120 s: to receive the whole request, body included (uploads). Node stops
 *   counting once the request is in, so it never cuts an answer stream, however long.
 * Node checks the last two every `connectionsCheckingInterval` (30 s by default), so they are coarse.
 */
export const SERVER_OPTIONS = {
  keepAliveTimeout: 65_000,
  headersTimeout: 20_000,
  requestTimeout: 120_000,
} as const satisfies ServerOptions
