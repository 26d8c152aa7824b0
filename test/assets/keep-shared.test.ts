import { describe, expect, it } from 'vitest';
import { keepShared, type Discovery, type FoundAsset } from '../../src/assets/discovery.ts';

const asset = (metaId: string): [string, FoundAsset] => [metaId, { metaId, name: metaId, businessMetaId: '20001', tasks: [] }];
const found = (): Discovery => ({
  businesses: [{ id: '20001', name: 'Rossi' }],
  adAccounts: new Map([asset('act_1'), asset('act_2')]),
  pages: new Map([asset('p1'), asset('p2')]),
  pixels: new Map([asset('px1')]),
  catalogs: new Map([asset('c1'), asset('c2')]),
  deniedEdges: [],
});

describe('a business connection reaches what the business shares (granular_scopes)', () => {
  it('keeps the target ids of each kind, ad accounts with or without act_', () => {
    const kept = keepShared(found(), [
      { scope: 'ads_read', target_ids: ['1'] },
      { scope: 'ads_management', target_ids: ['act_1'] },
      { scope: 'pages_show_list', target_ids: ['p2'] },
      { scope: 'catalog_management', target_ids: [] },
      { scope: 'business_management', target_ids: ['20001'] },
    ]);
    expect([...kept.adAccounts.keys()]).toEqual(['act_1']);
    expect([...kept.pages.keys()]).toEqual(['p2']);
    expect([...kept.catalogs.keys()]).toEqual([]);
    expect([...kept.pixels.keys()]).toEqual(['px1']);
  });

  it('leaves a kind as found when its permissions carry no target_ids', () => {
    const kept = keepShared(found(), [{ scope: 'ads_read' }, { scope: 'pages_show_list', target_ids: ['p1'] }]);
    expect([...kept.adAccounts.keys()]).toEqual(['act_1', 'act_2']);
    expect([...kept.pages.keys()]).toEqual(['p1']);
    expect([...kept.catalogs.keys()]).toEqual(['c1', 'c2']);
  });
});
