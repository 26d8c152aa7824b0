/**
 * What each webhook object means to the service: one handler per object Meta may send. The
 * intake stores every delivery whatever its object; processing hands the entries to the object's
 * handler, and counts the ones of an object no handler knows (kept, never fatal). Adding an
 * object (the `application` object's business-integration fields, for one) is a file with its
 * handler and one line here.
 */
import type { WebhookEntry } from './envelope.ts';
import type { SignalsDeps } from './deps.ts';
import type { Outcome } from './outcome.ts';
import { permissionsObject } from './permissions-object.ts';

export interface ObjectHandler {
  /** Handles the entries of one delivery (idempotent: a delivery may be processed twice); returns what it found. */
  handle(deps: SignalsDeps, entries: readonly WebhookEntry[]): Promise<Outcome>;
}

export const OBJECT_HANDLERS: Readonly<Record<string, ObjectHandler>> = {
  permissions: permissionsObject,
};
