/**
 * A UI chunk renders inside the app's Preact tree, so it must use the app's Preact, hooks and
 * `useStore` (a second copy would have its own hook state and never render). In a UI chunk's build
 * `preact`, `preact/hooks` and `@nanostores/preact` resolve to this module (see build-options.ts):
 * live bindings the chunk's entry fills from the app's copies before anything renders.
 */
import type { useStore as UseStore } from '@nanostores/preact'
import type * as Preact from 'preact'
import type * as Hooks from 'preact/hooks'

/** What a UI chunk may import from Preact: what the app hands over (ui/host-modules.ts). */
export interface HostModules {
  h: typeof Preact.h
  Fragment: typeof Preact.Fragment
  useState: typeof Hooks.useState
  useEffect: typeof Hooks.useEffect
  useLayoutEffect: typeof Hooks.useLayoutEffect
  useRef: typeof Hooks.useRef
  useStore: typeof UseStore
}

export let h: HostModules['h']
export let Fragment: HostModules['Fragment']
export let useState: HostModules['useState']
export let useEffect: HostModules['useEffect']
export let useLayoutEffect: HostModules['useLayoutEffect']
export let useRef: HostModules['useRef']
export let useStore: HostModules['useStore']

export function bindHost(host: HostModules): void {
  ;({ h, Fragment, useState, useEffect, useLayoutEffect, useRef, useStore } = host)
}
