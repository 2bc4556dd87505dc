// coinslot-client.js: the Coinslot API's client-side rules in one small module, for web clients to copy.
// No dependencies; runs in browsers (and Node 18+, which has fetch and crypto.randomUUID).
//
// What it owns:
// - one Idempotency-Key per tap (buy, top up); the same key is reused when the request is retried after a network
//   error or a 503 (waiting as long as Retry-After says), so a retry never buys or charges twice;
// - problem+json answers turned into outcomes a page can render: 402 insufficient credits (shortfall and suggested
//   pack), 409 price changed (new price, confirm = a new tap at that price), 423 frozen wallet, spending limits,
//   auto top-up results;
// - waiting for a top-up to be credited (the webhook credits it, not the browser).

const PROBLEM_BASE = 'https://coinslot.dev/problems/';

/** An answer that is neither success nor an expected outcome: carries the problem+json body. */
export class CoinslotError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.name = 'CoinslotError';
    this.status = status;
    this.problem = problem || {};
    this.slug = slugOf(problem);
  }
}

function slugOf(problem) {
  const type = problem?.type || '';
  return type.startsWith(PROBLEM_BASE) ? type.slice(PROBLEM_BASE.length) : type;
}

const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds of a Retry-After header (delta-seconds or HTTP date), or null. */
export function retryAfterMs(header, now = Date.now()) {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Creates a client.
 * @param {object} options
 * @param {string} [options.apiBase]   API URL without trailing slash ('' = same origin)
 * @param {() => (object|Promise<object>)} [options.headers]  extra headers per request, e.g. Authorization
 * @param {number} [options.attempts]  tries per tap for network errors and 503 (default 4)
 * @param {number} [options.maxWaitMs] longest wait between tries, whatever Retry-After says (default 10 s)
 */
export function createClient({
  apiBase = '',
  headers = () => ({}),
  attempts = 4,
  maxWaitMs = 10_000,
  fetch: fetchImpl = (...args) => globalThis.fetch(...args),
  sleep = realSleep,
  newKey = () => crypto.randomUUID(),
  onRetry = () => {},
} = {}) {
  /** One HTTP exchange, retried with the same headers (and so the same Idempotency-Key) on network errors and 503. */
  async function send(method, path, { body, key } = {}) {
    const h = { Accept: 'application/json, application/problem+json', ...(await headers()) };
    if (body !== undefined) h['Content-Type'] = 'application/json';
    if (key) h['Idempotency-Key'] = key;
    let wait = 500;
    for (let attempt = 1; ; attempt++) {
      let response;
      try {
        response = await fetchImpl(apiBase + path, {
          method,
          headers: h,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (networkError) {
        if (attempt >= attempts) throw networkError;
        onRetry({ attempt, reason: 'network', waitMs: wait });
        await sleep(wait);
        wait = Math.min(wait * 2, maxWaitMs);
        continue;
      }
      const text = await response.text();
      const json = text ? JSON.parse(text) : null;
      if (response.status === 503 && attempt < attempts) {
        const slug = slugOf(json);
        const told = retryAfterMs(response.headers.get('Retry-After'));
        // payments-not-configured has no Retry-After: retrying would not help
        if (told !== null || slug !== 'payments-not-configured') {
          const ms = Math.min(told ?? wait, maxWaitMs);
          onRetry({ attempt, reason: slug || '503', waitMs: ms });
          await sleep(ms);
          wait = Math.min(wait * 2, maxWaitMs);
          continue;
        }
      }
      return { status: response.status, json, replayed: response.headers.get('Idempotent-Replayed') === 'true' };
    }
  }

  async function get(path) {
    const r = await send('GET', path);
    if (r.status >= 400) throw new CoinslotError(r.status, r.json);
    return r.json;
  }

  async function put(path, body) {
    const r = await send('PUT', path, { body });
    if (r.status >= 400) throw new CoinslotError(r.status, r.json);
    return r.json;
  }

  /**
   * One tap on "buy": a new Idempotency-Key, retried with that key on network errors and 503.
   * Resolves to an outcome ({kind: ...}); rejects only with CoinslotError for answers a page cannot act on.
   */
  async function buy({ sku, quantity = 1, expectedPriceCredits }, key = newKey()) {
    const body = { sku, quantity, expectedPriceCredits };
    const r = await send('POST', '/checkout', { body, key });
    const p = r.json || {};
    switch (r.status === 201 ? 'purchased' : slugOf(p)) {
      case 'purchased':
        return { kind: 'purchased', purchase: p, replayed: r.replayed };
      case 'insufficient-credits':
        return { kind: 'insufficient-credits', balanceCredits: p.balanceCredits, priceCredits: p.priceCredits,
          shortfallCredits: p.shortfallCredits, suggestedPack: p.suggestedPack, problem: p };
      case 'price-changed':
        // confirming the new price is a new tap: a new key (the old one is bound to the old price)
        return { kind: 'price-changed', sku: p.sku, unitPriceCredits: p.unitPriceCredits,
          currentPriceCredits: p.currentPriceCredits, problem: p,
          confirm: () => buy({ sku, quantity, expectedPriceCredits: p.currentPriceCredits }) };
      case 'wallet-frozen':
        return { kind: 'wallet-frozen', problem: p };
      case 'already-owned':
        // a permanent unlock the user has: nothing was charged
        return { kind: 'already-owned', sku: p.sku, problem: p };
      case 'spend-limit-reached':
        return { kind: 'spend-limit-reached', limit: p.limit, limitCredits: p.limitCredits, spentCredits: p.spentCredits,
          priceCredits: p.priceCredits, resetsAt: p.resetsAt, problem: p };
      case 'authentication-required':
        // auto top-up needs the card holder: confirm clientSecret (Stripe.js), then retry with the SAME key
        return { kind: 'authentication-required', clientSecret: p.clientSecret, topUpId: p.topUpId,
          amountMinor: p.amountMinor, currency: p.currency, problem: p,
          retry: () => buy({ sku, quantity, expectedPriceCredits }, key) };
      case 'card-declined':
        return { kind: 'card-declined', declineCode: p.declineCode, autoTopUpDisabled: p.autoTopUpDisabled, problem: p };
      case 'auto-top-up-cap-reached':
        return { kind: 'auto-top-up-cap-reached', capMinor: p.capMinor, currency: p.currency, resetsAt: p.resetsAt, problem: p };
      default:
        throw new CoinslotError(r.status, p);
    }
  }

  /** One tap on "top up": creates the PaymentIntent; the page then confirms its clientSecret. */
  async function startTopUp(packId, key = newKey()) {
    const r = await send('POST', '/topups', { body: { packId }, key });
    if (r.status !== 201) throw new CoinslotError(r.status, r.json);
    return r.json;
  }

  /** Polls GET /topups/{id} until the payment's webhook has credited (or failed) it. */
  async function waitForTopUp(topUpId, { timeoutMs = 30_000, everyMs = 500 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const t = await get(`/topups/${encodeURIComponent(topUpId)}`);
      if (t.status !== 'PENDING' || Date.now() > deadline) return t;
      await sleep(everyMs);
    }
  }

  return {
    catalog: () => get('/catalog'),
    packs: () => get('/topups/packs'),
    wallet: () => get('/wallet'),
    ledger: ({ limit = 20, cursor } = {}) =>
      get(`/wallet/ledger?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    setLimits: (limits) => put('/wallet/limits', limits),
    setAutoTopUp: (settings) => put('/wallet/auto-top-up', settings),
    buy,
    startTopUp,
    waitForTopUp,
    topUp: (id) => get(`/topups/${encodeURIComponent(id)}`),
  };
}

/** Formats minor units of a currency for people, e.g. (500, 'USD') -> "$5.00". */
export function formatMoney(amountMinor, currency, locale) {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits;
  return format.format(amountMinor / 10 ** digits);
}

/** Formats a credit amount, e.g. 1100 -> "1,100 credits". */
export function formatCredits(credits, locale) {
  return `${new Intl.NumberFormat(locale).format(credits)} ${Math.abs(credits) === 1 ? 'credit' : 'credits'}`;
}

/** A sentence for a person, for any problem+json answer. */
export function describeProblem(error) {
  const p = error?.problem || {};
  switch (error?.slug) {
    case 'wallet-frozen':
      return 'Your wallet is frozen while a payment dispute is open. Purchases are paused until it is resolved.';
    case 'payments-not-configured':
      return 'Top-ups are switched off on this server (no payment provider is configured).';
    case 'limits-managed-by-guardian':
      return 'Your spending limits are managed by a guardian; only they can change them.';
    case 'no-saved-card':
      return 'Auto top-up needs a saved card: top up once by card first.';
    case 'unauthorized':
      return 'Please sign in again.';
    default:
      return p.detail || p.title || error?.message || 'Something went wrong.';
  }
}
