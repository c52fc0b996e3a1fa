import { describe, expect, it } from 'vitest'
import { ipBucket } from './ip-bucket.ts'

describe('ipBucket', () => {
  it('puts every address of one IPv6 /64 in one bucket, and other /64s in others', () => {
    const a = ipBucket('2001:db8:1:2:aaaa::1', 64)
    expect(a).toBe('2001:db8:1:2::/64')
    expect(ipBucket('2001:db8:1:2:ffff:ffff:ffff:ffff', 64)).toBe(a)
    expect(ipBucket('2001:0DB8:0001:0002:0:0:0:9', 64)).toBe(a)
    expect(ipBucket('2001:db8:1:3::1', 64)).not.toBe(a)
  })

  it('follows the configured prefix, bits not on a byte boundary included', () => {
    expect(ipBucket('2001:db8:1:2::1', 48)).toBe('2001:db8:1::/48')
    expect(ipBucket('2001:db8:1:ff::1', 60)).toBe('2001:db8:1:f0::/60')
    expect(ipBucket('2001:db8::1', 128)).toBe('2001:db8::1/128')
  })

  it('keeps IPv4 per address, IPv4-mapped IPv6 included', () => {
    expect(ipBucket('198.51.100.7', 64)).toBe('198.51.100.7')
    expect(ipBucket('::ffff:198.51.100.7', 64)).toBe('198.51.100.7')
  })

  it('leaves anything that is not an address as it is', () => {
    expect(ipBucket('unknown', 64)).toBe('unknown')
  })
})
