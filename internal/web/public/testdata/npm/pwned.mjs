// Asks the npm package hibp (a real third-party client of the Pwned
// Passwords API) how often passwords were leaked, against the base URL
// given, as clients_test.go drives it:
//
//   node pwned.mjs BASE_URL < checks.json
//
// checks.json is [{"password": "...", "addPadding": true|false}, ...];
// the answer on stdout is [{"count": N} | {"error": "..."}, ...] in the
// same order. hibp hashes each password itself and sends only the first
// five hex digits of its SHA-1 to BASE_URL/range/{prefix}.
import { webcrypto } from 'node:crypto';
import { pwnedPassword } from 'hibp';

// hibp hashes with the global Web Crypto API, which Debian 12's node 18
// keeps behind a flag (node 19 and later have it).
if (typeof globalThis.crypto !== 'object' || !globalThis.crypto.subtle) {
  globalThis.crypto = webcrypto;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const baseUrl = process.argv[2];
if (!baseUrl) {
  console.error('usage: node pwned.mjs BASE_URL < checks.json');
  process.exit(2);
}
const checks = JSON.parse(await readStdin());
const results = [];
// One after the other: the listener limits /range per client address.
for (const { password, addPadding } of checks) {
  try {
    const count = await pwnedPassword(password, { baseUrl, addPadding, timeoutMs: 10000 });
    results.push({ count });
  } catch (err) {
    results.push({ error: String(err && err.message ? err.message : err) });
  }
}
process.stdout.write(JSON.stringify(results) + '\n');
