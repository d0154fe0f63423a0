/**
 * Timeouts of every AWS call, shorter than the shortest function timeout (a route's 10 s), so a hung
 * dependency is an error the function reports and answers for (a 500 page, an email left to retry)
 * rather than a function killed mid-way with nothing said. `connectionTimeout` bounds the TCP/TLS
 * connect; `requestTimeout` with `throwOnRequestTimeout` bounds the whole request and response
 * (without it the SDK only logs a warning); `socketTimeout` (idle) is the same bound on runtimes whose
 * SDK predates `throwOnRequestTimeout` (functions use the Lambda runtime's SDK, not ours).
 * Each client's request timeout and attempts are beside it (shared/aws/clients.ts, shared/aws/s3.ts).
 */
export const CONNECTION_TIMEOUT_MS = 1_000;

export function httpTimeouts(requestTimeout: number) {
  return { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout, throwOnRequestTimeout: true, socketTimeout: requestTimeout };
}
