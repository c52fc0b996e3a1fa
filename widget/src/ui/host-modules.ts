/** The app's Preact, hooks and `useStore`, handed to UI chunks (see chunks/host.ts). */
import { useStore } from '@nanostores/preact'
import { Fragment, h } from 'preact'
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { HostModules } from '../chunks/host.ts'

export const HOST_MODULES: HostModules = {
  h,
  Fragment,
  useState,
  useEffect,
  useLayoutEffect,
  useRef,
  useStore,
}
