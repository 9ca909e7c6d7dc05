/**
 * policies/http: policies as HTTP services. The protocol (docs/http.md), the reference
 * server (PolicyServer, one RunSession per run), and the client side: HttpPolicy, a Policy
 * answered by a service through a blocking SyncTransport, and the scenario spec that makes one.
 */
export * from './protocol';
export { PolicyServer, type PolicyServerOptions } from './server';
export { RunSession, SessionBroken, MAX_SCORES } from './session';
export { HttpPolicy, PolicyServiceError, type ServiceStats } from './client-policy';
export { SyncTransport, type TransportReply } from './sync-transport';
export { Connection, type Outcome } from './connection';
export { HTTP_DEFAULTS, ON_ERROR, checkService, createHttpPolicy, parseServiceUrl, resolveHttpSpec, type HttpPolicyOptions, type OnError } from './spec';
export { deferrableTypes } from './deferrable';
export { resolveServedPolicy } from './served-policy';
