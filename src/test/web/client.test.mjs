// Unit tests of coinslot-client.js (node --test): the protocol rules without a browser or server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClient, describeProblem, retryAfterMs } from '../../main/resources/META-INF/resources/coinslot-client.js';

const problem = (status, slug, extra = {}, headers = {}) => ({
  status, headers, body: { type: `https://coinslot.dev/problems/${slug}`, title: slug, status, detail: `${slug} detail`, ...extra },
});
const ok = (status, body, headers = {}) => ({ status, headers, body });

/** A fetch that answers from a script (an Error entry is a network failure) and records every request. */
function scripted(...answers) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, ...init, headers: { ...init.headers } });
    const next = answers.shift();
    if (!next) throw new Error('unexpected request');
    if (next instanceof Error) throw next;
    return {
      status: next.status,
      headers: { get: (n) => next.headers[n] ?? null },
      text: async () => JSON.stringify(next.body),
    };
  };
  return { fetch, calls };
}

function clientWith(fake, extra = {}) {
  const waits = [];
  let n = 0;
  const client = createClient({ fetch: fake.fetch, sleep: async (ms) => { waits.push(ms); }, newKey: () => `key-${++n}`, ...extra });
  return { client, waits };
}

const purchase = { purchaseId: 'pur_1', sku: 'hat-gold', quantity: 1, priceCredits: 99, balanceAfterCredits: 1 };

test('each tap gets its own Idempotency-Key', async () => {
  const fake = scripted(ok(201, purchase), ok(201, purchase));
  const { client } = clientWith(fake);
  await client.buy({ sku: 'hat-gold', expectedPriceCredits: 99 });
  await client.buy({ sku: 'hat-gold', expectedPriceCredits: 99 });
  assert.deepEqual(fake.calls.map((c) => c.headers['Idempotency-Key']), ['key-1', 'key-2']);
});

test('a network error is retried with the same key', async () => {
  const fake = scripted(new TypeError('fetch failed'), ok(201, purchase, { 'Idempotent-Replayed': 'true' }));
  const { client } = clientWith(fake);
  const outcome = await client.buy({ sku: 'hat-gold', expectedPriceCredits: 99 });
  assert.equal(outcome.kind, 'purchased');
  assert.equal(outcome.replayed, true);
  assert.deepEqual(fake.calls.map((c) => c.headers['Idempotency-Key']), ['key-1', 'key-1']);
  assert.equal(fake.calls[1].body, fake.calls[0].body);
});

test('503 is retried with the same key after Retry-After seconds', async () => {
  const fake = scripted(problem(503, 'wallet-busy', {}, { 'Retry-After': '2' }), ok(201, purchase));
  const { client, waits } = clientWith(fake);
  assert.equal((await client.buy({ sku: 'hat-gold', expectedPriceCredits: 99 })).kind, 'purchased');
  assert.deepEqual(waits, [2000]);
  assert.deepEqual(fake.calls.map((c) => c.headers['Idempotency-Key']), ['key-1', 'key-1']);
});

test('Retry-After is capped and tries are bounded; the last 503 is an error', async () => {
  const busy = () => problem(503, 'service-unavailable', {}, { 'Retry-After': '3600' });
  const fake = scripted(busy(), busy(), busy(), busy());
  const { client, waits } = clientWith(fake);
  await assert.rejects(client.buy({ sku: 'hat-gold', expectedPriceCredits: 99 }), (e) => e.status === 503 && e.slug === 'service-unavailable');
  assert.deepEqual(waits, [10000, 10000, 10000]);
  assert.equal(new Set(fake.calls.map((c) => c.headers['Idempotency-Key'])).size, 1);
});

test('503 payments-not-configured (no Retry-After) is not retried', async () => {
  const fake = scripted(problem(503, 'payments-not-configured'));
  const { client } = clientWith(fake);
  await assert.rejects(client.startTopUp('starter'), (e) => e.slug === 'payments-not-configured');
  assert.equal(fake.calls.length, 1);
});

test('402 gives the shortfall and the suggested pack', async () => {
  const pack = { packId: 'starter', credits: 500, amountMinor: 500, currency: 'USD' };
  const fake = scripted(problem(402, 'insufficient-credits', { balanceCredits: 0, priceCredits: 99, shortfallCredits: 99, suggestedPack: pack }));
  const { client } = clientWith(fake);
  const o = await client.buy({ sku: 'hat-gold', expectedPriceCredits: 99 });
  assert.equal(o.kind, 'insufficient-credits');
  assert.equal(o.shortfallCredits, 99);
  assert.deepEqual(o.suggestedPack, pack);
});

test('409 gives the new price; confirming is a new tap at that price', async () => {
  const fake = scripted(problem(409, 'price-changed', { sku: 'hat-gold', unitPriceCredits: 99, currentPriceCredits: 99 }), ok(201, purchase));
  const { client } = clientWith(fake);
  const o = await client.buy({ sku: 'hat-gold', expectedPriceCredits: 89 });
  assert.equal(o.kind, 'price-changed');
  assert.equal(o.currentPriceCredits, 99);
  assert.equal((await o.confirm()).kind, 'purchased');
  assert.equal(JSON.parse(fake.calls[1].body).expectedPriceCredits, 99);
  assert.notEqual(fake.calls[1].headers['Idempotency-Key'], fake.calls[0].headers['Idempotency-Key']);
});

test('423 is a frozen wallet, explained to the person', async () => {
  const fake = scripted(problem(423, 'wallet-frozen'));
  const { client } = clientWith(fake);
  const o = await client.buy({ sku: 'hat-gold', expectedPriceCredits: 99 });
  assert.equal(o.kind, 'wallet-frozen');
  assert.match(describeProblem({ slug: 'wallet-frozen' }), /frozen while a payment dispute is open/);
});

test('authentication-required is retried with the SAME key once the card holder confirmed', async () => {
  const fake = scripted(problem(402, 'authentication-required', { clientSecret: 'pi_1_secret_2', topUpId: 'top_1' }), ok(201, purchase));
  const { client } = clientWith(fake);
  const o = await client.buy({ sku: 'hat-gold', expectedPriceCredits: 99 });
  assert.equal(o.kind, 'authentication-required');
  assert.equal((await o.retry()).kind, 'purchased');
  assert.deepEqual(fake.calls.map((c) => c.headers['Idempotency-Key']), ['key-1', 'key-1']);
});

test('an unexpected problem is an error carrying it', async () => {
  const fake = scripted(problem(404, 'unknown-sku', { sku: 'nope' }));
  const { client } = clientWith(fake);
  await assert.rejects(client.buy({ sku: 'nope', expectedPriceCredits: 1 }), (e) => e.status === 404 && e.problem.sku === 'nope');
});

test('Retry-After as seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs('3'), 3000);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6000);
  assert.equal(retryAfterMs(null), null);
  assert.equal(retryAfterMs('soon'), null);
});

test('409 already-owned resolves to an outcome, not an error, and is not retried', async () => {
  const fake = scripted(problem(409, 'already-owned', { sku: 'hat-gold' }));
  const { client } = clientWith(fake);
  const o = await client.buy({ sku: 'hat-gold', expectedPriceCredits: 99 });
  assert.equal(o.kind, 'already-owned');
  assert.equal(o.sku, 'hat-gold');
  assert.equal(fake.calls.length, 1);
});
