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

/** What stops working without each permission (shown next to declined permissions). */
export const BROKEN_WITHOUT: Record<string, string> = {
  email: 'Your Meta email is not shown on the profile.',
  ads_management: 'Campaigns cannot be launched, paused, resumed or edited.',
  ads_read: 'Ad account data and insights cannot be synced.',
  instagram_basic: 'Instagram accounts are not visible.',
  instagram_content_publish: 'Content cannot be published on Instagram.',
  pages_manage_ads: 'Ads cannot be run from your pages.',
  pages_manage_metadata: 'Page metadata cannot be read.',
  pages_read_engagement: 'Page engagement data cannot be read.',
  pages_show_list: 'Your fan pages are not listed.',
  catalog_management: 'Product catalogs cannot be managed.',
  instagram_manage_comments: 'Instagram comments cannot be managed.',
  instagram_manage_insights: 'Instagram insights cannot be read.',
  read_insights: 'Ad performance data cannot be read.',
  business_management: 'Business Manager assets (ad accounts, pages, pixels, catalogs) cannot be discovered.',
};
