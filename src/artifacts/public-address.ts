/**
 * Keeping a URL someone else chose off the runner's own network: loopback,
 * private, link-local (the cloud metadata services at 169.254.169.254 and
 * fd00:ec2::254), carrier-grade NAT and other non-public ranges. The check is
 * made on the addresses DNS gives for the connection itself (a lookup
 * function for node's http), so a name that resolves elsewhere on a second
 * lookup cannot slip past it.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { UserError } from '../domain/errors.js';

const NOT_PUBLIC = new BlockList();
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
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
// Azure's platform endpoint (metadata for older agents) is a public address that only the VM reaches.
NOT_PUBLIC.addAddress('168.63.129.16', 'ipv4');
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b:1::', 48],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** Whether `address` (an IPv4 or IPv6 literal, brackets allowed) is on no public network. */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return false;
  if (family === 4) return NOT_PUBLIC.check(bare, 'ipv4');
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1, ::ffff:7f00:1) is judged as the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1] ?? hexMapped(bare);
  if (mapped !== undefined) return NOT_PUBLIC.check(mapped, 'ipv4');
  return NOT_PUBLIC.check(bare, 'ipv6');
}

function hexMapped(address: string): string | undefined {
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!match) return undefined;
  const high = parseInt(match[1]!, 16);
  const low = parseInt(match[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

export function nonPublicAddress(host: string, address: string): UserError {
  return new UserError(
    'ARTIFACT_LOCATION_NOT_ALLOWED',
    `${host} resolves to ${address}, a loopback, private or link-local address: the check does not connect there`,
    'Artifacts a pull request names are read from public addresses only. For an internal mirror on a self-hosted runner, set artifacts.allow_private_addresses: true in registry.yaml.',
  );
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for node's http that fails the connection when the host resolves to a non-public address. */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options }, (error, address: string | LookupAddress[], family?: number) => {
    if (error) return callback(error, address, family);
    const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
    const refused = addresses.find(isNonPublicAddress);
    if (refused !== undefined) return callback(nonPublicAddress(hostname, refused) as NodeJS.ErrnoException, '');
    callback(null, address, family);
  });
}
