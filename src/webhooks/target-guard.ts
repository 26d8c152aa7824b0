import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Agent } from 'undici';

/**
 * Webhook URLs are chosen by workspace admins, and the service sits inside the platform's network:
 * unless the operator allows it (WEBHOOK_ALLOW_PRIVATE_TARGETS), a delivery never connects to a
 * loopback, private, link-local or otherwise internal address. The check is made on the address
 * actually connected to (after DNS), so a name that resolves to an internal address, or starts to
 * (DNS rebinding), is refused too.
 */
const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  internal.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  internal.addSubnet(network, prefix, 'ipv6');
}

export function isInternalAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return internal.check(bare, 'ipv4');
  if (family === 6) {
    // An IPv4-mapped address (::ffff:10.0.0.1) reaches the IPv4 address.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
    if (mapped) return internal.check(mapped[1] as string, 'ipv4');
    return internal.check(bare, 'ipv6');
  }
  return false;
}

export class InternalTargetError extends Error {
  constructor(readonly host: string) {
    super(`${host} is an internal address; webhooks may only reach public addresses (WEBHOOK_ALLOW_PRIVATE_TARGETS=true allows it)`);
    this.name = 'InternalTargetError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that refuses internal answers; handles both shapes (`all` or a single address). */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    if (list.length === 0 || list.some((entry) => isInternalAddress(entry.address))) return callback(new InternalTargetError(hostname), []);
    if (options.all) return callback(null, list);
    const first = list[0] as LookupAddress;
    return callback(null, first.address, first.family);
  });
}

/** The connection pool deliveries go through; undefined when internal targets are allowed. */
export function webhookDispatcher(allowInternal: boolean): Agent | undefined {
  return allowInternal ? undefined : new Agent({ connect: { lookup: guardedLookup as never } });
}

/** A URL whose host is an internal IP literal (no DNS involved) is refused before connecting. */
export function assertPublicHost(url: URL): void {
  if (isInternalAddress(url.hostname)) throw new InternalTargetError(url.hostname);
}
