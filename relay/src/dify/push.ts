/**
 * An answer moves through the relay pushed, layer by layer (bytes → Dify frames → widget events →
 * text): each layer is a source, started with the next layer as its sink, that calls it as its
 * items come. No stream, generator or promise per item stands in between.
 */

/** A reading under way: after `stop()`, its sink hears nothing more. */
export interface Reading {
  stop(): void
}

/** Started once. It never calls its sink before `start` has returned. */
export interface Source<Sink> {
  start(sink: Sink): Reading
}
