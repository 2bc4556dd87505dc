// The storefront page: renders what coinslot-client.js answers. The protocol rules live in that module.
import { createClient, describeProblem, formatCredits, formatMoney } from './coinslot-client.js';

const config = {
  apiBase: '', auth: 'demo', payments: 'stripe', stripePublishableKey: null, ...(window.COINSLOT_CONFIG || {}),
};
const $ = (id) => document.getElementById(id);
const state = { user: sessionStorage.getItem('coinslot.demoUser') || 'demo-user', currency: 'USD', packs: [],
  catalog: [], ledgerCursor: null, payment: null };

const client = createClient({
  apiBase: config.apiBase,
  headers: () => {
    if (config.auth === 'demo') return { 'X-Demo-User': state.user };
    const token = sessionStorage.getItem('coinslot.token');
    return token ? { Authorization: `Bearer ${token}` } : {};
  },
  onRetry: ({ attempt, reason, waitMs }) =>
    say(`The server is busy (${reason}); trying again in ${Math.ceil(waitMs / 1000)} s (attempt ${attempt + 1}).`),
});

// ---------------------------------------------------------------------------------------------------------------
function say(text, kind = 'info') {
  const s = $('status');
  s.textContent = text;
  s.dataset.kind = kind;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

const money = (minor, currency = state.currency) => formatMoney(minor, currency);
const packLabel = (p) => `${p.packId[0].toUpperCase()}${p.packId.slice(1)} pack`;

async function guarded(work) {
  try {
    await work();
  } catch (e) {
    say(describeProblem(e), 'error');
  }
}

// ---- wallet, catalog, packs, ledger -------------------------------------------------------------------------
async function loadWallet() {
  const w = await client.wallet();
  state.currency = w.currency;
  state.wallet = w;
  $('balance').textContent = formatCredits(w.balanceCredits);
  $('wallet-state').textContent = w.status === 'FROZEN'
    ? 'Frozen: a payment dispute is open. Purchases are paused until it is resolved.'
    : `Active · ${w.savedCard ? 'a card is saved for auto top-up' : 'no saved card yet'}`;
  const limits = $('limits');
  for (const name of ['perPurchaseCredits', 'dailyCredits', 'monthlyCredits']) {
    limits.elements[name].value = w.limits?.[name] ?? '';
    limits.elements[name].disabled = w.limits?.managedBy === 'guardian';
  }
  $('spent').textContent = `Spent today: ${formatCredits(w.spent?.todayCredits ?? 0)}; this month: `
    + `${formatCredits(w.spent?.thisMonthCredits ?? 0)}.`
    + (w.limits?.managedBy === 'guardian' ? ' Limits are managed by a guardian.' : '');
  const auto = $('auto');
  auto.elements.enabled.checked = !!w.autoTopUp?.enabled;
  if (w.autoTopUp?.packId) auto.elements.packId.value = w.autoTopUp.packId;
  auto.elements.monthlyCap.value = w.autoTopUp?.monthlyCapMinor != null ? (w.autoTopUp.monthlyCapMinor / 100).toFixed(2) : '';
  document.querySelectorAll('.currency').forEach((c) => { c.textContent = w.currency; });
  $('auto-state').textContent = w.autoTopUp
    ? `Charged this month: ${money(w.autoTopUp.chargedThisMonthMinor)}`
      + (w.autoTopUp.disabledReason ? ` · switched off: ${w.autoTopUp.disabledReason}` : '')
    : (w.savedCard ? 'Off.' : 'Needs a saved card: top up once by card first.');
}

async function loadCatalog() {
  const { skus } = await client.catalog();
  state.catalog = skus;
  const names = Object.fromEntries(skus.map((s) => [s.sku, s.name]));
  $('catalog').replaceChildren(...skus.map((s) => el('li', { class: 'card' },
    el('h3', { text: s.name }),
    el('p', { class: 'note', text: s.kind.toLowerCase() }),
    s.items.length ? el('p', { class: 'note', text: `Contains ${s.items.map((i) => `${i.quantity} × ${names[i.sku] || i.sku}`).join(', ')}` }) : '',
    el('p', { class: 'price', text: formatCredits(s.priceCredits) }),
    el('button', { type: 'button', onclick: () => buy(s, s.priceCredits), text: `Buy ${s.name} for ${formatCredits(s.priceCredits)}` }))));
}

async function loadPacks() {
  const { packs, currency } = await client.packs();
  state.packs = packs;
  state.currency = currency;
  $('packs').replaceChildren(...packs.map((p) => el('li', { class: 'card' },
    el('h3', { text: packLabel(p) }),
    el('p', { class: 'price', text: `${formatCredits(p.credits)} for ${money(p.amountMinor, p.currency)}` }),
    el('p', { class: 'note', text: p.bonusCredits ? `${formatCredits(p.baseCredits)} + ${formatCredits(p.bonusCredits)} bonus` : 'no bonus' }),
    el('button', { type: 'button', onclick: () => topUp(p), text: `Top up ${packLabel(p)}: ${formatCredits(p.credits)} for ${money(p.amountMinor, p.currency)}` }))));
  $('auto').elements.packId.replaceChildren(...packs.map((p) =>
    el('option', { value: p.packId, text: `${packLabel(p)} (${money(p.amountMinor, p.currency)})` })));
}

async function loadLedger(more = false) {
  const page = await client.ledger({ limit: 20, cursor: more ? state.ledgerCursor : undefined });
  const rows = page.entries.map((e) => el('tr', {},
    el('td', { text: new Date(e.at).toLocaleString() }),
    el('td', { text: e.type.toLowerCase().replaceAll('_', ' ') }),
    el('td', { class: 'num', text: (e.amountCredits > 0 ? '+' : '') + e.amountCredits }),
    el('td', { class: 'num', text: e.balanceAfterCredits }),
    el('td', { class: 'ref', text: e.reference })));
  if (more) $('ledger').append(...rows); else $('ledger').replaceChildren(...rows);
  state.ledgerCursor = page.nextCursor;
  $('more-ledger').hidden = !page.nextCursor;
}

const refresh = () => Promise.all([loadWallet(), loadLedger()]);

// ---- buying -------------------------------------------------------------------------------------------------
async function buy(sku, expectedPriceCredits) {
  await guarded(async () => {
    say(`Buying ${sku.name}…`);
    await show(await client.buy({ sku: sku.sku, quantity: 1, expectedPriceCredits }), sku);
  });
}

async function show(outcome, sku) {
  switch (outcome.kind) {
    case 'purchased': {
      const p = outcome.purchase;
      const auto = p.autoTopUp ? ` Auto top-up added ${formatCredits(p.autoTopUp.credits)} (${money(p.autoTopUp.amountMinor, p.autoTopUp.currency)}).` : '';
      say(`Bought ${sku.name} for ${formatCredits(p.priceCredits)}.${auto} Balance: ${formatCredits(p.balanceAfterCredits)}.`, 'ok');
      await refresh();
      return;
    }
    case 'insufficient-credits': {
      const pack = state.packs.find((p) => p.packId === outcome.suggestedPack?.packId);
      $('short-text').textContent = `${sku.name} costs ${formatCredits(outcome.priceCredits)}; you have `
        + `${formatCredits(outcome.balanceCredits)}, so you are ${formatCredits(outcome.shortfallCredits)} short.`
        + (pack ? ` The ${packLabel(pack)} gives you ${formatCredits(pack.credits)} for ${money(pack.amountMinor, pack.currency)}.` : '');
      $('short-topup').textContent = pack ? `Top up ${packLabel(pack)} (${money(pack.amountMinor, pack.currency)})` : 'Top up';
      say(`Not enough credits for ${sku.name}: ${formatCredits(outcome.shortfallCredits)} short.`, 'error');
      if (await ask('short') === 'topup') {
        if (pack) await topUp(pack); else $('topup-heading').scrollIntoView();
      }
      return;
    }
    case 'price-changed': {
      $('price-text').textContent = `${sku.name} now costs ${formatCredits(outcome.currentPriceCredits)} `
        + `(${formatCredits(outcome.unitPriceCredits)} each), not the price shown before. Buy it at the new price?`;
      $('price-confirm').textContent = `Buy for ${formatCredits(outcome.currentPriceCredits)}`;
      say(`The price of ${sku.name} has changed to ${formatCredits(outcome.currentPriceCredits)}.`, 'error');
      if (await ask('price') === 'confirm') {
        await show(await outcome.confirm(), sku);
      } else {
        say('Nothing was bought.');
      }
      await loadCatalog();
      return;
    }
    case 'wallet-frozen':
      say(describeProblem({ slug: 'wallet-frozen' }), 'error');
      return;
    case 'already-owned':
      say(`You already own ${sku.name}; nothing was charged.`);
      return;
    case 'spend-limit-reached':
      say(`That would go over your ${outcome.limit} spending limit of ${formatCredits(outcome.limitCredits)} `
        + `(spent ${formatCredits(outcome.spentCredits)})`
        + (outcome.resetsAt ? `; it resets ${new Date(outcome.resetsAt).toLocaleString()}.` : '.'), 'error');
      return;
    case 'authentication-required':
      say('Your bank asks you to confirm the auto top-up.');
      if (await confirmCardPayment(outcome.clientSecret)) await show(await outcome.retry(), sku);
      return;
    case 'card-declined':
      say(`Auto top-up failed: the card was declined (${outcome.declineCode}).`
        + (outcome.autoTopUpDisabled ? ' Auto top-up is now off.' : ''), 'error');
      await loadWallet();
      return;
    case 'auto-top-up-cap-reached':
      say(`Auto top-up reached its monthly cap of ${money(outcome.capMinor, outcome.currency)}.`, 'error');
      return;
    default:
      say('Unexpected answer.', 'error');
  }
}

function ask(dialogId) {
  const d = $(dialogId);
  d.returnValue = '';
  d.showModal();
  return new Promise((resolve) => d.addEventListener('close', () => resolve(d.returnValue), { once: true }));
}

// ---- top-up ------------------------------------------------------------------------------------------------
async function topUp(pack) {
  await guarded(async () => {
    say(`Starting a top-up: ${packLabel(pack)}…`);
    const started = await client.startTopUp(pack.packId);
    state.payment = { started, pack };
    $('pay-amount').textContent = `${money(started.amountMinor, started.currency)} for ${formatCredits(started.credits)}`;
    $('pay-error').textContent = '';
    $('pay').hidden = false;
    if (config.payments === 'simulator') {
      $('sim-card').hidden = false;
      $('sim-pay').textContent = `Pay ${money(started.amountMinor, started.currency)}`;
      $('sim-card').elements.card.focus();
    } else {
      await mountStripe(started);
    }
    say(`Pay ${money(started.amountMinor, started.currency)} to add ${formatCredits(started.credits)}.`);
  });
}

function closePay() {
  $('pay').hidden = true;
  $('sim-card').hidden = true;
  $('stripe-card').hidden = true;
  state.payment = null;
}

async function paid(paymentIntentStatus) {
  const { started } = state.payment;
  if (paymentIntentStatus !== 'succeeded' && paymentIntentStatus !== 'processing') return;
  say('Payment accepted; waiting for the credits…');
  const t = await client.waitForTopUp(started.topUpId);
  closePay();
  if (t.status === 'SUCCEEDED') {
    say(`Top-up done: ${formatCredits(t.credits)} added.`, 'ok');
  } else {
    say(`The top-up is ${t.status.toLowerCase()}; the credits will appear once the payment is confirmed.`);
  }
  await refresh();
}

async function simulatedPay(event) {
  event.preventDefault();
  const form = event.target;
  await guarded(async () => {
    const { started } = state.payment;
    const answer = await simulator('confirm', {
      clientSecret: started.clientSecret, cardNumber: form.elements.card.value,
      expiry: form.elements.expiry.value, cvc: form.elements.cvc.value,
    });
    let result = answer;
    if (answer.needsAction) result = await simulator('authenticate', { clientSecret: started.clientSecret, approve: await ask('authenticate') === 'approve' });
    if (result.status === 'succeeded') {
      await paid(result.status);
    } else {
      $('pay-error').textContent = `Payment failed: ${result.message} (${result.declineCode}). Try another card.`;
      say('The payment failed; nothing was charged.', 'error');
    }
  });
}

/** The simulator's stand-in for Stripe.js (dev mode only). */
async function simulator(step, body) {
  const r = await fetch(`${config.apiBase}/dev/payments/${step}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await r.json();
  if (!r.ok) throw Object.assign(new Error(json.detail), { problem: json });
  return json;
}

// Stripe: the Payment Element, loaded the way @stripe/stripe-js's loadStripe does (Stripe.js must come from js.stripe.com)
let stripePromise;
async function mountStripe(started) {
  if (!config.stripePublishableKey) {
    throw new Error('No Stripe publishable key is configured (STRIPE_PUBLISHABLE_KEY), so the card form cannot load.');
  }
  const { loadStripe } = await import('./vendor/stripe-js/pure.mjs');
  stripePromise ??= loadStripe(config.stripePublishableKey);
  const stripe = await stripePromise;
  const elements = stripe.elements({ clientSecret: started.clientSecret });
  elements.create('payment').mount('#payment-element');
  state.payment.stripe = stripe;
  state.payment.elements = elements;
  $('stripe-card').hidden = false;
  $('stripe-pay').textContent = `Pay ${money(started.amountMinor, started.currency)}`;
}

async function stripePay(event) {
  event.preventDefault();
  await guarded(async () => {
    const { stripe, elements } = state.payment;
    const { error, paymentIntent } = await stripe.confirmPayment({
      elements, redirect: 'if_required', confirmParams: { return_url: window.location.href },
    });
    if (error) {
      $('pay-error').textContent = error.message;
      return;
    }
    await paid(paymentIntent.status);
  });
}

/** Auto top-up asked for authentication: confirm its PaymentIntent on-session. */
async function confirmCardPayment(clientSecret) {
  if (config.payments === 'simulator') {
    const r = await simulator('authenticate', { clientSecret, approve: await ask('authenticate') === 'approve' });
    return r.status === 'succeeded';
  }
  const { loadStripe } = await import('./vendor/stripe-js/pure.mjs');
  stripePromise ??= loadStripe(config.stripePublishableKey);
  const { error } = await (await stripePromise).confirmCardPayment(clientSecret);
  return !error;
}

// ---- settings --------------------------------------------------------------------------------------------------
function creditsOrNull(input) {
  return input.value.trim() === '' ? null : Number(input.value);
}

async function saveLimits(event) {
  event.preventDefault();
  const f = event.target.elements;
  await guarded(async () => {
    await client.setLimits({ perPurchaseCredits: creditsOrNull(f.perPurchaseCredits), dailyCredits: creditsOrNull(f.dailyCredits),
      monthlyCredits: creditsOrNull(f.monthlyCredits) });
    say('Spending limits saved.', 'ok');
    await loadWallet();
  });
}

async function saveAuto(event) {
  event.preventDefault();
  const f = event.target.elements;
  await guarded(async () => {
    await client.setAutoTopUp(f.enabled.checked
      ? { enabled: true, packId: f.packId.value, monthlyCapMinor: Math.round(Number(f.monthlyCap.value || 0) * 100) }
      : { enabled: false });
    say(f.enabled.checked ? 'Auto top-up is on.' : 'Auto top-up is off.', 'ok');
    await loadWallet();
  });
}

// ---- start -------------------------------------------------------------------------------------------------------
function showMode() {
  const payments = config.payments === 'simulator'
    ? 'Payments: simulator (dev mode, no real charges).'
    : `Payments: Stripe${config.stripePublishableKey?.startsWith('pk_test_') ? ' test mode' : ''}.`;
  $('mode').textContent = `${config.auth === 'demo' ? 'Dev mode: demo identity.' : `Signed in with a token from ${config.jwtIssuer || 'your identity provider'}.`} ${payments}`;
  if (config.auth === 'demo') {
    $('who').hidden = false;
    $('demo-user').value = state.user;
  } else {
    $('token-form').hidden = false;
  }
}

async function start() {
  showMode();
  $('who').addEventListener('submit', (e) => {
    e.preventDefault();
    state.user = $('demo-user').value.trim() || 'demo-user';
    sessionStorage.setItem('coinslot.demoUser', state.user);
    guarded(async () => { await refresh(); say(`Signed in as ${state.user}.`); });
  });
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('coinslot.token', $('token').value.trim());
    $('token').value = '';
    guarded(refresh);
  });
  $('sim-card').addEventListener('submit', simulatedPay);
  $('stripe-card').addEventListener('submit', stripePay);
  document.querySelectorAll('[data-cancel-pay]').forEach((b) => b.addEventListener('click', () => { closePay(); say('Top-up cancelled.'); }));
  $('more-ledger').addEventListener('click', () => guarded(() => loadLedger(true)));
  $('limits').addEventListener('submit', saveLimits);
  $('auto').addEventListener('submit', saveAuto);
  await guarded(() => Promise.all([loadCatalog(), loadPacks()]));
  await guarded(refresh);
  document.body.dataset.ready = 'true';
}

start();
