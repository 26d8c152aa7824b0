/**
 * Every cache key in one place, by resource, so a change invalidates exactly what it touched:
 * anything about profiles lives under `metaUsers.all` (the list, one profile, its timeline, the
 * notice's count), so one `invalidateQueries({ queryKey: queryKeys.metaUsers.all })` after a
 * reconnect, a sync or a removal refreshes them all.
 */
export const queryKeys = {
  metaUsers: {
    all: ['meta-users'] as const,
    list: (filter: { status?: string | undefined; q?: string | undefined } = {}) => ['meta-users', 'list', filter.status ?? '', filter.q ?? ''] as const,
    attention: () => ['meta-users', 'attention'] as const,
    attentionList: () => ['meta-users', 'attention', 'list'] as const,
    one: (id: string) => ['meta-users', 'one', id] as const,
    events: (id: string) => ['meta-users', 'one', id, 'events'] as const,
    lastSync: (id: string) => ['meta-users', 'one', id, 'sync'] as const,
    assets: (id: string, type: string) => ['meta-users', 'one', id, 'assets', type] as const,
  },
  permissions: () => ['permissions'] as const,
  adAccounts: {
    all: ['ad-accounts'] as const,
    list: () => ['ad-accounts', 'list'] as const,
    one: (id: string) => ['ad-accounts', 'one', id] as const,
    insights: (id: string, from: string, to: string) => ['ad-accounts', 'one', id, 'insights', from, to] as const,
    campaigns: (id: string) => ['ad-accounts', 'one', id, 'campaigns'] as const,
  },
  notifications: () => ['notifications'] as const,
  alerts: {
    preferences: () => ['alerts', 'preferences'] as const,
    settings: () => ['alerts', 'settings'] as const,
    telegram: () => ['alerts', 'telegram'] as const,
    deliveries: (scope: 'mine' | 'workspace', filter: string) => ['alerts', 'deliveries', scope, filter] as const,
  },
  outbox: () => ['outbox'] as const,
  jobs: () => ['jobs'] as const,
  apiKeys: () => ['api-keys'] as const,
  metaApp: () => ['meta-app'] as const,
  connectOptions: () => ['connect-options'] as const,
};
