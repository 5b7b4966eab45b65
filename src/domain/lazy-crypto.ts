/**
 * node:crypto, loaded on first use. Importing it costs 3-6 ms of CPU at start-up (Node 20 and 24, measured), and
 * `resolve` or `history` of a clone with git on PATH hashes nothing: git names every blob.
 */
import type * as Crypto from 'node:crypto';

export function nodeCrypto(): typeof Crypto {
  return process.getBuiltinModule('node:crypto');
}
