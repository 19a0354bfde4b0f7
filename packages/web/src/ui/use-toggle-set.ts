import { useState } from 'preact/hooks';

/** A set of picked options (checkboxes) and a function that flips one. */
export function useToggleSet<T>(initial: () => Iterable<T>): [ReadonlySet<T>, (item: T) => void] {
  const [picked, setPicked] = useState<ReadonlySet<T>>(() => new Set(initial()));
  const toggle = (item: T) => {
    const next = new Set(picked);
    if (next.has(item)) next.delete(item);
    else next.add(item);
    setPicked(next);
  };
  return [picked, toggle];
}
