/**
 * What a per-IP bucket is keyed by. One IPv6 host usually holds a whole /64 (often more) and can
 * rotate through it at will, so IPv6 addresses count by their first `ipv6Prefix` bits; IPv4
 * (IPv4-mapped IPv6 included) counts per address.
 */
import ipaddr from 'ipaddr.js'
import type { ClientIp } from './client-ip.ts'

export function ipBucket(ip: string, ipv6Prefix: number): string {
  if (!ipaddr.isValid(ip)) return ip
  const address = ipaddr.process(ip)
  if (address.kind() === 'ipv4') return address.toString()
  const bytes = address.toByteArray()
  for (let bit = ipv6Prefix; bit < 128; bit++) {
    bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) & ~(0x80 >> (bit & 7))
  }
  return `${ipaddr.fromByteArray(bytes).toString()}/${ipv6Prefix}`
}

/** `clientIp` as the limits see it: the bucket of the client's address. */
export function bucketedIp(clientIp: ClientIp, ipv6Prefix: number): ClientIp {
  return (c) => {
    const ip = clientIp(c)
    return ip === undefined ? undefined : ipBucket(ip, ipv6Prefix)
  }
}
