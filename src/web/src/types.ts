/**
 * Names for the API's shapes, every one taken from the generated document types (api.gen.ts,
 * made from GET /api/openapi.json): nothing here is written by hand, so the UI cannot drift from
 * the server without failing the type check.
 */
import type { components, paths } from './api.gen.ts';

type Schemas = components['schemas'];
/** The JSON body of a route's 200 (or 201) answer. */
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'patch' | 'delete'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer B } } } }
  ? B
  : paths[P][M] extends { responses: { 201: { content: { 'application/json': infer B } } } }
    ? B
    : never;

export type Member = Schemas['Member'];
export type Locale = Member['locale'];
export type Session = Extract<Ok<'/api/me', 'get'>, { member: unknown }>;
export type PublicInfo = Ok<'/api/public-info', 'get'>;
export type MetaUser = Schemas['MetaUser'];
export type TokenStatus = MetaUser['status'];
export type HealthEvent = Schemas['HealthEvent'];
export type ProfileAsset = Schemas['ProfileAsset'];
export type AppNotification = Schemas['Notification'];
export type BlockedReason = Schemas['BlockedReason'];
export type AdAccount = Schemas['AdAccount'];
export type InsightRow = Ok<'/api/ad-accounts/{id}/insights', 'get'>['rows'][number];
export type Campaign = Schemas['Campaign'];
export type JobRun = Schemas['JobRun'];
export type ApiKey = Schemas['ApiKey'];
export type Job = Ok<'/api/jobs', 'get'>['jobs'][number];
export type PermissionSyncSummary = Schemas['PermissionSyncSummary'];
export type ChangeCount = PermissionSyncSummary['adAccounts'];
export type SyncSummary = Schemas['SyncSummary'];
export type SyncState = Ok<'/api/meta-users/{id}/sync', 'get'>;
export type AlertPreferences = Schemas['AlertPreferences'];
export type AlertType = AlertPreferences['preferences'][number]['type'];
export type AlertChannel = Schemas['AlertDelivery']['channel'];
export type AlertSettings = Schemas['AlertSettings'];
export type TelegramStatus = Schemas['TelegramStatus'];
export type TelegramLinkCode = Schemas['TelegramLinkCode'];
export type AlertDelivery = Schemas['AlertDelivery'];
export type DeliveryState = AlertDelivery['state'];
export type OutboxMessage = Schemas['OutboxMessage'];
export type MetaAppHealth = Schemas['MetaAppHealth'];
export type Permission = Schemas['Permission'];
