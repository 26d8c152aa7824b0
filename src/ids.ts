/**
 * The one parser of the ids the API takes. Every object has two: ours (a UUID, `id`) and Meta's
 * (`metaId`: digits, `act_<digits>` for an ad account). The two forms cannot be mistaken for one
 * another (a UUID has hyphens and letters), so a route may accept either without a flag saying
 * which. Something that is neither cannot exist: routes answer 404 without asking the database
 * (which would also fail to cast it to uuid).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Meta's object ids are decimal numbers (Graph returns them as strings); 30 digits is far past any.
const META_NUMBER = /^[0-9]{1,30}$/;
const AD_ACCOUNT = /^act_([0-9]{1,30})$/;

export const isUuid = (value: string): boolean => UUID.test(value);

/** What an id names: one of our rows, or Meta's object (normalised: `act_<n>` for ad accounts). */
export type IdRef = { ours: string } | { metaId: string };

/** Kinds whose Meta id is a bare number; an ad account's is written `act_<n>` (the bare number is accepted too). */
export type IdKind = 'ad_account' | 'page' | 'pixel' | 'catalog' | 'campaign' | 'profile';

/** Ours or Meta's id of a `kind`; undefined when `raw` is neither (so nothing has it). */
export function parseId(raw: string, kind: IdKind): IdRef | undefined {
  const value = raw.trim();
  if (UUID.test(value)) return { ours: value.toLowerCase() };
  if (kind === 'ad_account') {
    const act = AD_ACCOUNT.exec(value);
    if (act) return { metaId: value };
    return META_NUMBER.test(value) ? { metaId: `act_${value}` } : undefined;
  }
  return META_NUMBER.test(value) ? { metaId: value } : undefined;
}

/** Our id only (notifications, webhooks, checkouts: objects Meta knows nothing of). */
export function parseOurId(raw: string): string | undefined {
  const value = raw.trim();
  return UUID.test(value) ? value.toLowerCase() : undefined;
}
