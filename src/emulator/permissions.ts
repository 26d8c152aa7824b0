/**
 * The permissions the emulator knows: what the dialog accepts in `scope`, what a Facebook Login
 * for Business configuration may list, and what `permissions` webhooks may be subscribed to.
 * Anything else is refused as Meta refuses invalid scopes.
 */
export const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set([
  'public_profile', 'email', 'ads_management', 'ads_read', 'business_management', 'catalog_management',
  'pages_show_list', 'pages_read_engagement', 'pages_manage_metadata', 'pages_manage_ads', 'pages_manage_posts',
  'pages_read_user_content', 'pages_manage_engagement', 'pages_messaging', 'read_insights', 'leads_retrieval',
  'instagram_basic', 'instagram_content_publish', 'instagram_manage_comments', 'instagram_manage_insights',
  'instagram_manage_messages', 'whatsapp_business_management', 'whatsapp_business_messaging', 'user_friends',
]);

/** Granted to every app with any login: they never make a configuration useful on their own. */
export const ALWAYS_GRANTED: ReadonlySet<string> = new Set(['public_profile', 'email']);
