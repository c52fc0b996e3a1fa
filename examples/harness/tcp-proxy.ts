/**
 * A loopback TCP proxy in front of the relay, so a test can cut the browser's connections the way a
 * network drop does (the relay sees its client vanish; the browser sees its stream fail).
 */

import type { AddressInfo } from 'node:net'
import { connect, createServer, type Socket } from 'node:net'

export interface TcpProxy {
  /** `http://127.0.0.1:<port>`: what the browser uses as the relay's URL. */
  url: string
  /** Where to forward; set once the relay listens. */
  setTarget(port: number): void
  /** Destroys every open connection, both ways. New connections still work. */
  cut(): void
  close(): Promise<void>
}

export async function startTcpProxy(): Promise<TcpProxy> {
  let target = 0
  const open = new Set<Socket>()
  const track = (socket: Socket) => {
    open.add(socket)
    socket.on('close', () => open.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1')
    track(client)
    track(upstream)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const cut = () => {
    for (const socket of open) socket.destroy()
  }
  return {
    url: `http://127.0.0.1:${port}`,
    setTarget: (p) => {
      target = p
    },
    cut,
    close: () =>
      new Promise<void>((resolve) => {
        cut()
        server.close(() => resolve())
      }),
  }
}
