import { call, client } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { pathFor } from '../paths.ts';
import { queryKeys } from '../queries/keys.ts';
import { usePagedQuery } from '../queries/paged.ts';
import { Link } from '../router.tsx';
import type { MetaUser, ProfileAsset } from '../types.ts';
import { Card, ErrorPanel, Loading, ShowMore } from './ui.tsx';
import './ProfileAssets.css';

const ASSET_KINDS = [
  ['adAccounts', 'ad_account'],
  ['pages', 'page'],
  ['pixels', 'pixel'],
  ['catalogs', 'catalog'],
] as const;

/** For a broken profile: what stopped for this asset, and whether someone else still covers it. */
function Impact({ asset }: { asset: ProfileAsset }) {
  const { t } = useI18n();
  return (
    <div className="asset-impact">
      {asset.stops.length > 0 ? (
        <ul className="asset-stops">
          {asset.stops.map((stop) => (
            <li key={stop} className="pill pill-blocked" data-stop={stop}>
              {t(`stop.${stop}`)}
            </li>
          ))}
        </ul>
      ) : (
        <span className="pill pill-granted">{t('stop.none')}</span>
      )}
      <span className="asset-cover" data-testid="covered-by">
        {asset.coveredBy ? t('covered.by', { name: asset.coveredBy.name }) : t('covered.none')}
      </span>
    </div>
  );
}

/** One kind of asset the profile reaches (or reached when it stopped), a page at a time. */
function AssetGroup({ user, kind, type }: { user: MetaUser; kind: (typeof ASSET_KINDS)[number][0]; type: (typeof ASSET_KINDS)[number][1] }) {
  const { t } = useI18n();
  const id = user.id;
  const broken = user.status !== 'active';
  const paged = usePagedQuery(queryKeys.metaUsers.assets(id, type), async (after, signal) => {
    const page = await call(client.GET('/api/meta-users/{id}/assets', { params: { path: { id }, query: { type, ...(after ? { after } : {}) } }, signal }));
    return { items: page.assets, nextCursor: page.nextCursor };
  });
  const list = paged.items;
  if (paged.error && !list) return <ErrorPanel error={paged.error} onRetry={() => void paged.refetch()} />;
  if (!list) return <Loading />;
  return (
    <section className="asset-group" aria-labelledby={`assets-${kind}`}>
      <h3 id={`assets-${kind}`}>
        {t(`assets.${kind}`)} <span className="count">{paged.hasNextPage ? `${list.length}+` : list.length}</span>
      </h3>
      {list.length === 0 ? (
        <p className="muted">{t('assets.none')}</p>
      ) : (
        <ul className="asset-list">
          {list.map((asset) => (
            <li key={asset.id} data-testid="profile-asset" data-meta-id={asset.metaId}>
              {kind === 'adAccounts' ? <Link to={pathFor('adAccount', { id: asset.id })}>{asset.name}</Link> : <span>{asset.name}</span>}
              <span className="asset-id">ID {asset.metaId}</span>
              {broken ? <Impact asset={asset} /> : asset.coveredBy && <span className="asset-cover">{t('covered.backup', { name: asset.coveredBy.name })}</span>}
            </li>
          ))}
        </ul>
      )}
      <ShowMore paged={paged} />
    </section>
  );
}

/**
 * What the profile reaches. For a profile whose token stopped: what it reached when it stopped,
 * each asset with what stopped (data sync, launches, campaign actions) and who still covers it.
 */
export function ProfileAssets({ user }: { user: MetaUser }) {
  const { t } = useI18n();
  const broken = user.status !== 'active';
  // After "Sync now" each list is read again (its key is under the profile's, invalidated then).
  return (
    <Card title={broken ? t('detail.assetsStopped') : user.clientBusiness ? t('detail.assetsShared', { name: user.clientBusiness.name }) : t('detail.assets')} id="assets">
      {broken && <p className="muted card-intro">{t('detail.assetsStoppedIntro')}</p>}
      <div className={broken ? 'asset-grid asset-grid-impact' : 'asset-grid'}>
        {ASSET_KINDS.map(([kind, type]) => (
          <AssetGroup key={kind} user={user} kind={kind} type={type} />
        ))}
      </div>
    </Card>
  );
}
