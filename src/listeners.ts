import type { Logger } from './logger.ts';

/** Where an area's events go: every listener in turn, each failure logged and none rethrown. */
export interface Listeners<E extends { type: string }> {
  add(listener: (event: E) => Promise<void>): void;
  /** Never throws: a failing listener is logged and the others still hear the event. */
  emit(event: E): Promise<void>;
}

/**
 * The one "tell everyone safely" of the process: the areas that raise events (token lifecycle,
 * Meta app health) call `emit` without guarding it, since a listener's failure must never undo
 * or fail the change that was already committed.
 */
export function createListeners<E extends { type: string }>(logger: Logger, what: string): Listeners<E> {
  const listeners: Array<(event: E) => Promise<void>> = [];
  return {
    add: (listener) => void listeners.push(listener),
    async emit(event) {
      for (const listener of listeners) {
        try {
          await listener(event);
        } catch (error) {
          logger.error({ err: error, event: event.type }, `${what} listener failed`);
        }
      }
    },
  };
}
