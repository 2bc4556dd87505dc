// The template's CloudFront function that answers /config.js for a deployed storefront (node --test): its code is
// taken from infra/template.yaml, the ${...} parameters filled in as CloudFormation's !Sub would, and run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';

function functionCode() {
  const yaml = readFileSync(new URL('../../../infra/template.yaml', import.meta.url), 'utf8');
  const start = yaml.indexOf('  StorefrontConfigFunction:');
  assert.ok(start > 0, 'StorefrontConfigFunction is in the template');
  const block = yaml.slice(start).split('\n');
  const from = block.findIndex((l) => l.trim() === '- |') + 1;
  const to = block.findIndex((l, i) => i > from && l.trim().startsWith('- ApiBase:'));
  const indent = block[from].match(/^ */)[0].length;
  return block.slice(from, to).map((l) => l.slice(indent)).join('\n');
}

function run(params, uri) {
  const code = functionCode().replace(/\$\{(\w+)\}/g, (_, name) => {
    assert.ok(name in params, `parameter ${name} is filled in`);
    return params[name];
  });
  const sandbox = {};
  vm.runInNewContext(`${code}\nresult = handler(event);`, Object.assign(sandbox, { event: { request: { uri, headers: {} } } }));
  return sandbox.result;
}

const params = {
  ApiBase: 'https://abc123.execute-api.eu-west-1.amazonaws.com', JwtIssuer: 'https://issuer.example.com/',
  Audience: 'coinslot-web,coinslot-app', StripePublishableKey: 'pk_test_abc',
};

test('/config.js carries the API URL, JWT settings and publishable key', () => {
  const r = run(params, '/config.js');
  assert.equal(r.statusCode, 200);
  assert.match(r.headers['content-type'].value, /^text\/javascript/);
  const window = {};
  vm.runInNewContext(r.body.data, { window });
  assert.deepEqual({ ...window.COINSLOT_CONFIG }, {
    apiBase: params.ApiBase, auth: 'jwt', jwtIssuer: params.JwtIssuer, jwtAudience: params.Audience,
    payments: 'stripe', stripePublishableKey: 'pk_test_abc',
  });
});

test('without a publishable key the page is told there is none', () => {
  const window = {};
  vm.runInNewContext(run({ ...params, StripePublishableKey: '' }, '/config.js').body.data, { window });
  assert.equal(window.COINSLOT_CONFIG.stripePublishableKey, null);
});

test('every other path goes to the bucket unchanged', () => {
  const r = run(params, '/index.html');
  assert.deepEqual(r, { uri: '/index.html', headers: {} });
});
