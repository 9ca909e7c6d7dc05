/**
 * A scenario's `policy: {"http": {...}}`: every mistake an InputError naming the field path,
 * a service that is down stops validation, and a resolved spec resolves to itself.
 */
import { resolvePolicySpec } from '../../policies/registry';
import { startService, type TestService } from './service';

let service: TestService;
beforeAll(async () => {
  service = await startService({ policy: 'none' });
});
afterAll(() => service?.stop());

const resolve = (spec: unknown) => resolvePolicySpec(spec, __dirname);

test('fills defaults and resolves to itself', () => {
  const spec = resolve({ http: { url: `${service.url}/`, policy: 'weekly-cap' } });
  expect(spec).toEqual({ http: { url: service.url, timeoutMs: 1000, concurrency: 1, onError: 'fail', breakerFailures: 5, breakerProbeMs: 1000, truth: false, policy: { name: 'weekly-cap', params: { cap: 100 } } }, params: {} });
  expect(resolve(spec)).toEqual(spec);
});

test.each([
  [{ http: 'x' }, 'policy.http must be an object'],
  [{ http: {} }, 'policy.http.url is required'],
  [{ http: { url: 'localhost:80' } }, 'policy.http.url "localhost:80" must be an http:// URL'],
  [{ http: { url: 'https://127.0.0.1:1' } }, 'must be an http:// URL (got https:)'],
  [{ http: { url: 'http://127.0.0.1:1/?a=1' } }, 'must be a base URL without query'],
  [{ http: { url: 'http://127.0.0.1:1', timeout: 5 } }, 'policy.http.timeout is not an http policy field; valid: url, timeoutMs, concurrency, onError, breakerFailures, breakerProbeMs, policy, truth'],
  [{ http: { url: 'http://127.0.0.1:1', timeoutMs: 0 } }, 'policy.http.timeoutMs must be an integer from 1 to 600000 (got 0)'],
  [{ http: { url: 'http://127.0.0.1:1', onError: 'retry' } }, 'policy.http.onError must be one of fail, allow, block (got "retry")'],
  [{ http: { url: 'http://127.0.0.1:1', policy: 'nope' } }, 'policy.http.policy.name "nope" is unknown'],
  [{ http: { url: 'http://127.0.0.1:1' }, name: 'none' }, 'policy.name cannot go with "http"'],
  [{ name: 'any-of', params: { policies: [{ http: { url: 'http://127.0.0.1:1' } }] } }, 'policy.params.policies[0]: an http policy cannot be a child of any-of or all-of'],
])('%j: %s', (spec, message) => {
  expect(() => resolve(spec)).toThrow(message);
});

test('a service that is down is bad input naming the URL and how to start one', () => {
  expect(() => resolve({ http: { url: 'http://127.0.0.1:9', timeoutMs: 500 } })).toThrow(
    /^policy\.http\.url: the policy service http:\/\/127\.0\.0\.1:9 does not answer \(ECONNREFUSED.*\); start it \(e\.g\. `invitesim serve --policy weekly-cap --port 9`\)/,
  );
});
