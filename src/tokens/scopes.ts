/** The permissions requested at connect, in the article's order (MISSION.md, "Requested permissions"). */
export const REQUESTED_SCOPES = [
  'email',
  'ads_management',
  'ads_read',
  'instagram_basic',
  'instagram_content_publish',
  'pages_manage_ads',
  'pages_manage_metadata',
  'pages_read_engagement',
  'pages_show_list',
  'catalog_management',
  'instagram_manage_comments',
  'instagram_manage_insights',
  'read_insights',
  'business_management',
] as const;

export type RequestedScope = (typeof REQUESTED_SCOPES)[number];

/** A sentence in each language the UI speaks. */
export interface Words {
  en: string;
  it: string;
}

/**
 * Each requested permission as the help-centre article names it, what it allows, and what stops
 * working in Wevion without it (shown next to declined permissions). The UI reads it from
 * `GET /api/permissions`, so the server's list is the only one.
 */
export const PERMISSION_CATALOGUE: Record<RequestedScope, { name: string; allows: Words; without: Words }> = {
  email: {
    name: 'Email',
    allows: { en: 'Read your email address', it: 'Leggere il tuo indirizzo email' },
    without: { en: 'Wevion cannot show which email the profile belongs to. Nothing else stops.', it: 'Wevion non può mostrare a quale email appartiene il profilo. Nient’altro si ferma.' },
  },
  ads_management: {
    name: 'Ads Management',
    allows: { en: 'Create and manage ad campaigns', it: 'Creare e gestire campagne pubblicitarie' },
    without: { en: 'Pausing, resuming, editing and launching campaigns are refused.', it: 'Mettere in pausa, riattivare, modificare e lanciare campagne viene rifiutato.' },
  },
  ads_read: {
    name: 'Ads Read',
    allows: { en: 'Read ad account data and insights', it: 'Leggere dati e insight degli account pubblicitari' },
    without: { en: 'Ad accounts and their data cannot be synced.', it: 'Gli account pubblicitari e i loro dati non possono essere sincronizzati.' },
  },
  instagram_basic: {
    name: 'Instagram Basic',
    allows: { en: 'Access Instagram accounts', it: 'Accedere agli account Instagram' },
    without: { en: 'Instagram accounts linked to your pages do not appear.', it: 'Gli account Instagram collegati alle tue pagine non compaiono.' },
  },
  instagram_content_publish: {
    name: 'Instagram Content Publish',
    allows: { en: 'Publish content on Instagram', it: 'Pubblicare contenuti su Instagram' },
    without: { en: 'Posts cannot be published on Instagram.', it: 'Non è possibile pubblicare post su Instagram.' },
  },
  pages_manage_ads: {
    name: 'Pages Manage Ads',
    allows: { en: 'Run ads from your pages', it: 'Pubblicare inserzioni dalle tue pagine' },
    without: { en: 'Ads that run from your pages cannot be created.', it: 'Non è possibile creare inserzioni dalle tue pagine.' },
  },
  pages_manage_metadata: {
    name: 'Pages Manage Metadata',
    allows: { en: 'Read page metadata', it: 'Leggere i metadati delle pagine' },
    without: { en: 'Page settings and subscriptions cannot be read.', it: 'Impostazioni e iscrizioni delle pagine non sono leggibili.' },
  },
  pages_read_engagement: {
    name: 'Pages Read Engagement',
    allows: { en: 'Read page engagement data', it: 'Leggere i dati di interazione delle pagine' },
    without: { en: 'Page posts and engagement figures are not available.', it: 'Post e dati di interazione delle pagine non sono disponibili.' },
  },
  pages_show_list: {
    name: 'Pages Show List',
    allows: { en: 'List your pages', it: 'Elencare le tue pagine' },
    without: { en: 'Your pages are not discovered, so they do not appear among the assets.', it: 'Le tue pagine non vengono trovate e non compaiono tra gli asset.' },
  },
  catalog_management: {
    name: 'Catalog Management',
    allows: { en: 'Manage product catalogs', it: 'Gestire i cataloghi prodotti' },
    without: { en: 'Product catalogues cannot be read or managed.', it: 'I cataloghi prodotti non sono leggibili né gestibili.' },
  },
  instagram_manage_comments: {
    name: 'Instagram Manage Comments',
    allows: { en: 'Manage Instagram comments', it: 'Gestire i commenti Instagram' },
    without: { en: 'Instagram comments cannot be read or moderated.', it: 'I commenti Instagram non sono leggibili né moderabili.' },
  },
  instagram_manage_insights: {
    name: 'Instagram Manage Insights',
    allows: { en: 'Read Instagram insights', it: 'Leggere gli insight di Instagram' },
    without: { en: 'Instagram insights are not synced.', it: 'Gli insight di Instagram non vengono sincronizzati.' },
  },
  read_insights: {
    name: 'Read Insights',
    allows: { en: 'Read ad performance data', it: 'Leggere i dati di rendimento delle inserzioni' },
    without: { en: 'Spend, impressions and clicks are not synced.', it: 'Spesa, impressioni e clic non vengono sincronizzati.' },
  },
  business_management: {
    name: 'Business Management',
    allows: { en: 'Access Business Manager resources', it: 'Accedere alle risorse del Business Manager' },
    without: { en: 'Business Managers and the assets they own are not discovered.', it: 'I Business Manager e gli asset che possiedono non vengono trovati.' },
  },
};

/**
 * The permissions a Business Integration System User token can have: Meta's table of permissions
 * marks `email` "N/A" for BISU tokens, so a business connection never misses it.
 */
export const BUSINESS_SCOPES: readonly RequestedScope[] = REQUESTED_SCOPES.filter((scope) => scope !== 'email');
