import { type ComponentType, createElement, type FunctionComponent } from 'preact';

/**
 * A component that renders again only when one of its props changed (compared shallowly): the
 * one thing taken from preact/compat, without the rest of compat in the first download.
 */
export function memo<P extends object>(render: FunctionComponent<P>): FunctionComponent<P> {
  function Memoized(this: { props: P; shouldComponentUpdate?: (next: P) => boolean }, props: P) {
    this.shouldComponentUpdate = (next) => propsDiffer(this.props, next);
    return createElement(render as ComponentType<P>, props);
  }
  Memoized.displayName = `Memo(${render.displayName ?? render.name})`;
  return Memoized;
}

function propsDiffer<P extends object>(before: P, after: P): boolean {
  for (const key in before) if (!(key in after)) return true;
  for (const key in after) if (before[key] !== after[key]) return true;
  return false;
}
