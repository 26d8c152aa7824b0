/**
 * Who plays what in the demo. The Meta users exist in the emulator's default world (the service
 * cannot import it, so their emails are repeated here); the seed brings each one's token to the
 * state named below, and the sign-in page lists them so a newcomer knows whom to log in as.
 */
export type DemoState = 'active' | 'expiring' | 'expired' | 'inactive' | 'declined';

export interface DemoMetaUser {
  metaUserId: string;
  name: string;
  email: string;
  state: DemoState;
  /** Permissions unticked in Meta's dialog. */
  decline?: string[];
}

/** The password of every Meta user of the emulator's default world. */
export const DEMO_META_PASSWORD = 'meta-demo';

export const DEMO_CAST: readonly DemoMetaUser[] = [
  { metaUserId: '10228401551906001', name: 'Giulia Rossi', email: 'giulia@example.it', state: 'active' },
  { metaUserId: '10228401551906003', name: 'Emma Clarke', email: 'emma@example.com', state: 'expiring' },
  { metaUserId: '10228401551906002', name: 'Marco Bianchi', email: 'marco@example.it', state: 'expired' },
  { metaUserId: '10228401551906004', name: 'Luca Ferrari', email: 'luca@example.it', state: 'inactive' },
  { metaUserId: '10228401551906005', name: 'Sofia Greco', email: 'sofia@example.it', state: 'declined', decline: ['ads_management'] },
];

/** The client business the seed connects through Connect a business, as its admin (Emma Clarke). */
export const DEMO_BUSINESS = { id: '1402958830112002', name: 'Northwind Retail Ltd', adminEmail: 'emma@example.com' };

/** The System User whose permanent token the seed pastes, as an admin would from Business Manager. */
export const DEMO_SYSTEM_USER = { id: '61550000000002', name: 'Northwind Reporting System User', scopes: ['ads_read', 'ads_management', 'business_management', 'pages_show_list', 'catalog_management'] };
