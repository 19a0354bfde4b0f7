/** A listener for one event; events without a payload are declared as `undefined`. */
export type Listener<T> = (payload: T) => void;

/** The arguments of `emit` for an event: none when its payload type is `undefined`. */
export type EmitArgs<T> = [T] extends [undefined] ? [] : [T];

/**
 * A minimal typed event emitter that runs anywhere (browsers have no `node:events`).
 *
 * A listener that throws does not stop the other listeners or the emitter's caller: the error is
 * rethrown on a microtask, where the runtime reports it like any uncaught error.
 *
 * @example
 * ```ts
 * const emitter = new TypedEmitter<{ ping: number; done: undefined }>();
 * const off = emitter.on('ping', (n) => console.log(n));
 * emitter.emit('ping', 1);
 * off();
 * ```
 */
export class TypedEmitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Adds a listener and returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  /** Adds a listener that is removed after its first call. */
  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  /** Removes a listener added with `on` (a no-op when it is not registered). */
  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(event)?.delete(listener as Listener<never>);
  }

  /** The number of listeners for an event. */
  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** Calls every listener of `event` in the order they were added. */
  emit<K extends keyof Events>(event: K, ...args: EmitArgs<Events[K]>): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    // Copy first: a listener may add or remove listeners while we iterate.
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K] | undefined>)(args[0]);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
