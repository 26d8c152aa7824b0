/**
 * The shapes the API answers, shared by several routes. Response objects are strict: a field the
 * server adds without declaring it here fails the contract tests (every response of the
 * integration suites is validated against the document), so the document cannot fall behind.
 */
import { z } from '@hono/zod-openapi';

/**
 * `schema` or null, for schemas registered as components. (`.nullable()` on one would make the
 * component itself nullable everywhere it is used: @asteasolutions/zod-to-openapi with zod 4.)
 */
export const orNull = <S extends z.ZodType>(schema: S) => z.union([schema, z.null()]);

export const time = z.iso.datetime().openapi({ description: 'ISO 8601, UTC.' });
export const ourId = z.uuid().openapi({ description: 'Our id (UUID).' });
export const metaId = z.string().openapi({ description: 'Meta’s id.' });

/** A path id that may be ours (UUID) or Meta's; resolved within the caller's workspace (another's: 404). */
export const idParam = (what: string, metaForm: string) =>
  z.string().min(1).max(200).openapi({ description: `The ${what}: our id (UUID) or Meta’s (${metaForm}).` });

/** A sentence in each language the UI speaks: the service owns the words, the UI picks its language. */
export const words = z.strictObject({ en: z.string(), it: z.string() });

export const tokenStatus = z.enum(['active', 'inactive', 'expired']);
export const tokenType = z.enum(['user', 'system_user']);
export const blockedReason = z.enum(['token_expired', 'token_inactive', 'no_permission', 'scope_declined']).openapi('BlockedReason');

export const business = z.strictObject({ id: ourId, metaId, name: z.string() }).openapi('Business');
/** Another profile, named: who still covers an asset. */
export const profileRef = z.strictObject({ id: ourId, name: z.string() }).openapi('ProfileRef');

export const metaUser = z
  .strictObject({
    id: ourId,
    metaId: metaId.openapi({ description: 'Meta’s user id (the System User’s id for those tokens).' }),
    name: z.string(),
    tokenType,
    connection: z.enum(['login', 'business', 'pasted']).openapi({
      description: 'How the profile was connected: `login` (Connect Meta Account, a user token), `business` (Connect a business: a Business Integration System User token of `clientBusiness`), `pasted` (an admin pasted a System User token).',
    }),
    clientBusiness: orNull(business).openapi({ description: 'The client business a `business` connection belongs to (its profile is keyed by it); null for the others.' }),
    status: tokenStatus,
    expiresAt: time.nullable().openapi({ description: 'When the token expires; null: never (System User tokens that do not expire).' }),
    dataAccessExpiresAt: time.nullable(),
    businesses: z.array(business),
    grantedScopes: z.array(z.string()),
    declinedScopes: z.array(z.string()),
    needsReconnect: z.boolean(),
    lastError: z
      .strictObject({
        code: z.number().int().nullable(),
        subcode: z.number().int().nullable(),
        message: z.string(),
        causeKey: z.string().openapi({ description: 'The stable key of the cause (`190.460`, `190`, `102`, `validation`).' }),
        causeWords: words.openapi({ description: 'The cause in words, in each language (meta/token-causes.ts): what the UI shows.' }),
        at: z.string(),
      })
      .nullable(),
    connectedBy: z.uuid().nullable().openapi({ description: 'The member who connected it (our member id).' }),
    statusChangedAt: time,
    lastRefreshedAt: time.nullable(),
    impact: z
      .strictObject({
        adAccounts: z.number().int().min(0).openapi({ description: 'Ad accounts it reached when its token stopped.' }),
        uncovered: z.number().int().min(0).openapi({ description: 'Of those, the ones no other healthy token may read: their data sync stopped.' }),
      })
      .nullable()
      .openapi({ description: 'What the broken token stops; null while the profile is Active. The assets themselves: `GET /api/meta-users/{id}/assets`.' }),
  })
  .openapi('MetaUser', { description: 'A Meta profile and its token’s health (never the token).' });

const assetBase = {
  id: ourId,
  metaId,
  name: z.string(),
  businessId: z.uuid().nullable().openapi({ description: 'Our id of the owning Business Manager.' }),
  businessMetaId: z.string().nullable(),
  businessName: z.string().nullable(),
  profileIds: z.array(z.uuid()).openapi({ description: 'Profiles holding a permission on it now.' }),
  lapsedProfileIds: z.array(z.uuid()).openapi({ description: 'Profiles that reached it until their token stopped being Active (the ones to reconnect).' }),
  blockedReason: orNull(blockedReason).openapi({ description: 'Why no healthy token may use it; null when one may.' }),
};

export const syncError = z.strictObject({ code: z.string(), reason: z.string().optional(), category: z.string().optional(), message: z.string(), at: z.string() });

export const adAccount = z
  .strictObject({
    ...assetBase,
    canSync: z.boolean().openapi({ description: 'A healthy token may read its data (insights sync runs).' }),
    canManage: z.boolean().openapi({ description: 'A healthy token may change it (campaign actions, launches).' }),
    lastSyncedAt: time.nullable(),
    lastSyncError: syncError.nullable(),
    currency: z.string().nullable().openapi({ description: 'The ad account’s currency (ISO 4217, Meta’s `currency`), in which its spend is; null until discovery read it.' }),
  })
  .openapi('AdAccount');

export const asset = z.strictObject(assetBase).openapi('Asset');
export const pixel = z.strictObject({ ...assetBase, adAccountIds: z.array(z.uuid()).openapi({ description: 'Our ids of the ad accounts it is linked to.' }) }).openapi('Pixel');

export const campaign = z
  .strictObject({ id: ourId, metaId, adAccountId: ourId, name: z.string(), status: z.string(), effectiveStatus: z.string().nullable(), updatedAt: time })
  .openapi('Campaign');

export const member = z
  .strictObject({ id: ourId, workspaceId: ourId, email: z.string(), name: z.string(), role: z.enum(['admin', 'member']), locale: z.enum(['it', 'en']) })
  .openapi('Member');

const changeCount = z.strictObject({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() });
export const permissionSyncSummary = z
  .strictObject({
    tokens: z.number().int(),
    adAccounts: changeCount,
    pages: changeCount,
    pixels: changeCount,
    catalogs: changeCount,
    pixelLinks: z.strictObject({ added: z.number().int(), removed: z.number().int() }),
    failedTokens: z.number().int(),
    revokedTokens: z.number().int(),
    rowsWritten: z.number().int(),
    failures: z.array(z.strictObject({ profileId: z.uuid(), category: z.string(), message: z.string() })),
    enqueued: z.number().int().optional(),
  })
  .openapi('PermissionSyncSummary');

/** A 204 answer. */
export const noContent = { description: 'Done; no body.' } as const;
