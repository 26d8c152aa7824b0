import { randomBytes } from 'node:crypto';
import { createUser, type Member } from '../../src/accounts/accounts.ts';
import type { Db } from '../../src/db/database.ts';
import type { TokenStatus, TokenType } from '../../src/db/schema.ts';
import { storeSecret } from '../../src/vault/secrets.queries.ts';
import { parseKeys } from '../../src/vault/keys.ts';
import { Vault } from '../../src/vault/vault.ts';
import { getMetaUser, type MetaUser } from '../../src/tokens/tokens.queries.ts';

export const testVault = () => new Vault(parseKeys(`test:${randomBytes(32).toString('base64')}`));

let sequence = 0;

export async function createMember(db: Db, options: { workspace?: string; role?: 'admin' | 'member'; locale?: 'it' | 'en' } = {}): Promise<Member> {
  sequence += 1;
  const { member } = await createUser(db, {
    workspace: options.workspace ?? 'Acme',
    email: `member${sequence}-${randomBytes(3).toString('hex')}@example.test`,
    password: 'correct horse battery',
    role: options.role ?? 'admin',
    locale: options.locale ?? 'en',
  });
  return member;
}

/** A stored profile with an encrypted token, as the connect flow would leave it. */
export async function insertMetaUser(
  db: Db,
  vault: Vault,
  values: {
    workspaceId: string;
    metaUserId: string;
    token: string;
    name?: string;
    tokenType?: TokenType;
    status?: TokenStatus;
    expiresAt?: Date | null;
    dataAccessExpiresAt?: Date | null;
    grantedScopes?: string[];
    declinedScopes?: string[];
    connectedBy?: string | null;
  },
): Promise<MetaUser> {
  const secretId = await storeSecret(db, vault, values.token);
  const row = await db
    .insertInto('meta_users')
    .values({
      workspace_id: values.workspaceId,
      meta_user_id: values.metaUserId,
      name: values.name ?? `Meta user ${values.metaUserId}`,
      token_type: values.tokenType ?? 'user',
      connection: values.tokenType === 'system_user' ? 'pasted' : 'login',
      status: values.status ?? 'active',
      secret_id: secretId,
      expires_at: values.expiresAt === undefined ? new Date(Date.now() + 50 * 86_400_000) : values.expiresAt,
      data_access_expires_at: values.dataAccessExpiresAt ?? null,
      granted_scopes: JSON.stringify(values.grantedScopes ?? ['ads_read', 'ads_management', 'business_management', 'pages_show_list', 'catalog_management']),
      declined_scopes: JSON.stringify(values.declinedScopes ?? []),
      connected_by: values.connectedBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await getMetaUser(db, row.id))!;
}
