/**
 * What each webhook object means to the service: one handler per object Meta may send. The
 * intake stores every delivery whatever its object; processing hands the entries to the object's
 * handler, and counts the ones of an object no handler knows (kept, never fatal). Adding an
 * object (the `application` object's business-integration fields, for one) is a file with its
 * handler and one line here.
 */
import type { WebhookEntry, WebhookEnvelope } from './envelope.ts';
import type { SignalsDeps } from './deps.ts';
import type { Outcome } from './outcome.ts';
import { applicationObject } from './application-object.ts';
import { permissionsObject } from './permissions-object.ts';

/** What the processing of a batch of deliveries shares between them (read once for the batch). */
export interface BatchContext {
  /** The Meta people of the batch's entries who have a profile (any status, any workspace). */
  known?: ReadonlySet<string>;
  /** The deliveries' envelopes, parsed once (by delivery id). */
  envelopes?: ReadonlyMap<string, WebhookEnvelope | string>;
}

export interface ObjectHandler {
  /** Handles the entries of one delivery (idempotent: a delivery may be processed twice); returns what it found. */
  handle(deps: SignalsDeps, entries: readonly WebhookEntry[], context: BatchContext): Promise<Outcome>;
}

export const OBJECT_HANDLERS: Readonly<Record<string, ObjectHandler>> = {
  permissions: permissionsObject,
  application: applicationObject,
};
