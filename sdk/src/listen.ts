/**
 * Adds a capturing listener that never throws into the host page. Capturing sees events the page stops
 * from bubbling, and `invalid`, which does not bubble at all.
 */
export const listen = <E extends Event>(target: EventTarget, type: string, handler: (e: E) => void): void =>
  target.addEventListener(type, guard(handler) as EventListener, true);

/** Wraps a function so that nothing it throws reaches the caller. */
export const guard =
  <A extends unknown[]>(f: (...a: A) => void) =>
  (...a: A): void => {
    try {
      f(...a);
    } catch {}
  };
