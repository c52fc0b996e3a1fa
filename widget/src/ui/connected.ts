import type { ReadableAtom } from 'nanostores'
import { Component } from 'preact'

/**
 * A component that re-renders whenever one of its `stores` changes, and reads them with `.get()`
 * in `render`. This is the widget's nanostores binding instead of `useStore`: preact/hooks costs
 * ~0.9 KB brotli of runtime, which the 15 KB budget cannot spare.
 */
export abstract class Connected<P = object, S = object> extends Component<P, S> {
  abstract stores: ReadableAtom<unknown>[]
  unlisten: (() => void)[] = []

  override componentDidMount(): void {
    this.unlisten = this.stores.map((store) => store.listen(() => this.forceUpdate()))
  }

  override componentWillUnmount(): void {
    for (const off of this.unlisten) off()
  }
}
