import type { Locale } from '../types.ts';

export interface PermissionText {
  /** The permission's name as the help-centre article writes it. */
  name: string;
  /** "What it allows", from the article's permission table. */
  allows: string;
  /** What stops working in Wevion without it. */
  without: string;
}

type Catalogue = Record<string, PermissionText>;

const en: Catalogue = {
  email: { name: 'Email', allows: 'Read your email address', without: 'Wevion cannot show which email the profile belongs to. Nothing else stops.' },
  ads_management: { name: 'Ads Management', allows: 'Create and manage ad campaigns', without: 'Pausing, resuming, editing and launching campaigns are refused.' },
  ads_read: { name: 'Ads Read', allows: 'Read ad account data and insights', without: 'Ad accounts and their data cannot be synced.' },
  instagram_basic: { name: 'Instagram Basic', allows: 'Access Instagram accounts', without: 'Instagram accounts linked to your pages do not appear.' },
  instagram_content_publish: { name: 'Instagram Content Publish', allows: 'Publish content on Instagram', without: 'Posts cannot be published on Instagram.' },
  pages_manage_ads: { name: 'Pages Manage Ads', allows: 'Run ads from your pages', without: 'Ads that run from your pages cannot be created.' },
  pages_manage_metadata: { name: 'Pages Manage Metadata', allows: 'Read page metadata', without: 'Page settings and subscriptions cannot be read.' },
  pages_read_engagement: { name: 'Pages Read Engagement', allows: 'Read page engagement data', without: 'Page posts and engagement figures are not available.' },
  pages_show_list: { name: 'Pages Show List', allows: 'List your pages', without: 'Your pages are not discovered, so they do not appear among the assets.' },
  catalog_management: { name: 'Catalog Management', allows: 'Manage product catalogs', without: 'Product catalogues cannot be read or managed.' },
  instagram_manage_comments: { name: 'Instagram Manage Comments', allows: 'Manage Instagram comments', without: 'Instagram comments cannot be read or moderated.' },
  instagram_manage_insights: { name: 'Instagram Manage Insights', allows: 'Read Instagram insights', without: 'Instagram insights are not synced.' },
  read_insights: { name: 'Read Insights', allows: 'Read ad performance data', without: 'Spend, impressions and clicks are not synced.' },
  business_management: { name: 'Business Management', allows: 'Access Business Manager resources', without: 'Business Managers and the assets they own are not discovered.' },
};

const it: Catalogue = {
  email: { name: 'Email', allows: 'Leggere il tuo indirizzo email', without: 'Wevion non può mostrare a quale email appartiene il profilo. Nient’altro si ferma.' },
  ads_management: { name: 'Ads Management', allows: 'Creare e gestire campagne pubblicitarie', without: 'Mettere in pausa, riattivare, modificare e lanciare campagne viene rifiutato.' },
  ads_read: { name: 'Ads Read', allows: 'Leggere dati e insight degli account pubblicitari', without: 'Gli account pubblicitari e i loro dati non possono essere sincronizzati.' },
  instagram_basic: { name: 'Instagram Basic', allows: 'Accedere agli account Instagram', without: 'Gli account Instagram collegati alle tue pagine non compaiono.' },
  instagram_content_publish: { name: 'Instagram Content Publish', allows: 'Pubblicare contenuti su Instagram', without: 'Non è possibile pubblicare post su Instagram.' },
  pages_manage_ads: { name: 'Pages Manage Ads', allows: 'Pubblicare inserzioni dalle tue pagine', without: 'Non è possibile creare inserzioni dalle tue pagine.' },
  pages_manage_metadata: { name: 'Pages Manage Metadata', allows: 'Leggere i metadati delle pagine', without: 'Impostazioni e iscrizioni delle pagine non sono leggibili.' },
  pages_read_engagement: { name: 'Pages Read Engagement', allows: 'Leggere i dati di interazione delle pagine', without: 'Post e dati di interazione delle pagine non sono disponibili.' },
  pages_show_list: { name: 'Pages Show List', allows: 'Elencare le tue pagine', without: 'Le tue pagine non vengono trovate e non compaiono tra gli asset.' },
  catalog_management: { name: 'Catalog Management', allows: 'Gestire i cataloghi prodotti', without: 'I cataloghi prodotti non sono leggibili né gestibili.' },
  instagram_manage_comments: { name: 'Instagram Manage Comments', allows: 'Gestire i commenti Instagram', without: 'I commenti Instagram non sono leggibili né moderabili.' },
  instagram_manage_insights: { name: 'Instagram Manage Insights', allows: 'Leggere gli insight di Instagram', without: 'Gli insight di Instagram non vengono sincronizzati.' },
  read_insights: { name: 'Read Insights', allows: 'Leggere i dati di rendimento delle inserzioni', without: 'Spesa, impressioni e clic non vengono sincronizzati.' },
  business_management: { name: 'Business Management', allows: 'Accedere alle risorse del Business Manager', without: 'I Business Manager e gli asset che possiedono non vengono trovati.' },
};

const catalogues: Record<Locale, Catalogue> = { it, en };

/** The article's words for a permission; an unknown one is shown by its Meta name. */
export function permissionText(locale: Locale, scope: string): PermissionText | undefined {
  return catalogues[locale][scope];
}
