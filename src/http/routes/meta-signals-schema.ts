import { z } from '@hono/zod-openapi';
import { time } from '../schemas.ts';

/** What `GET /api/meta-app` says of Meta's push signals (meta-signals/service.ts `describe`). */
export const metaSignalsSchema = z
  .strictObject({
    urls: z
      .strictObject({ deauthorize: z.string(), dataDeletion: z.string(), webhooks: z.string() })
      .openapi({ description: 'The three URLs to enter in Meta’s App Dashboard: Deauthorize Callback URL, Data Deletion Request URL, Webhooks callback URL.' }),
    verifyTokenSet: z.boolean().openapi({ description: 'Whether META_WEBHOOK_VERIFY_TOKEN is set (the handshake is refused without it).' }),
    subscription: z
      .strictObject({
        state: z.enum(['ok', 'missing', 'wrong_url', 'missing_fields', 'inactive', 'unknown']),
        expectedUrl: z.string(),
        callbackUrl: z.string().nullable(),
        missingFields: z.array(z.string()),
        reason: z.string().nullable().openapi({ description: 'Why Meta could not be asked (`unknown`).' }),
        checkedAt: time,
      })
      .nullable()
      .openapi({ description: 'The `permissions` webhook subscription Meta holds, compared with what it should be (asked of Meta at most every 5 minutes).' }),
    lastDeauthorizeAt: time.nullable(),
    lastDataDeletionAt: time.nullable(),
    lastWebhookAt: time.nullable(),
    unprocessed: z.number().int().openapi({ description: 'Deliveries stored and not processed yet.' }),
  })
  .openapi('MetaSignals');
