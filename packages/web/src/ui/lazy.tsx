import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component whose code is downloaded the first time it is shown: screens a first visit does
 * not need (settings) stay out of the initial download.
 */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function Lazy(props: P) {
    const [Component, setComponent] = useState(() => loaded);
    useEffect(() => {
      if (Component) return;
      void load().then((component) => {
        loaded = component;
        setComponent(() => component);
      });
    }, [Component]);
    return Component ? <Component {...props} /> : null;
  };
}
