/**
 * Parameter Store reads through the AWS Parameters and Secrets Lambda Extension (a layer that
 * serves `GET http://localhost:2773/systemsmanager/parameters/get` and caches what it fetched),
 * instead of bundling @aws-sdk/client-ssm (78 KB) for one call at cold start.
 *
 * Facts (AWS docs, "Use Parameter Store parameters in AWS Lambda functions"): the request carries
 * `X-Aws-Parameters-Secrets-Token: $AWS_SESSION_TOKEN`; the port is
 * `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT` (default 2773); the extension answers only during the
 * INVOKE phase, never during INIT (the bridge reads its secrets on the first invocation); the
 * function's role needs `ssm:GetParameter` (and `kms:Decrypt` for a customer managed key).
 * The answer is GetParameter's JSON: `{"Parameter": {"Name", "Value", ...}}`.
 */
type Env = Record<string, string | undefined>;

export const DEFAULT_EXTENSION_PORT = 2773;

/** Reads one parameter (decrypted); undefined when it does not exist. */
export type ParameterReader = (name: string) => Promise<string | undefined>;

export class ParameterReadError extends Error {
  override readonly name = 'ParameterReadError';
}

export function extensionParameterReader(
  env: Env,
  fetchFn: typeof fetch = fetch,
  timeoutMs = 3000,
): ParameterReader {
  const port = Number(env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT) || DEFAULT_EXTENSION_PORT;
  return async (name) => {
    const token = env.AWS_SESSION_TOKEN;
    if (!token) throw new ParameterReadError('AWS_SESSION_TOKEN is not set (not on Lambda?)');
    const url = `http://localhost:${port}/systemsmanager/parameters/get?name=${encodeURIComponent(name)}&withDecryption=true`;
    let response: Response;
    try {
      response = await fetchFn(url, {
        headers: { 'X-Aws-Parameters-Secrets-Token': token },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new ParameterReadError(
        `the Parameters and Secrets extension did not answer on port ${port} (${(err as Error)?.name ?? 'error'}); is its layer attached?`,
      );
    }
    const text = await response.text();
    if (response.status === 200) {
      let value: unknown;
      try {
        value = (JSON.parse(text) as { Parameter?: { Value?: unknown } }).Parameter?.Value;
      } catch {
        throw new ParameterReadError('the extension answered with something that is not JSON');
      }
      return typeof value === 'string' ? value : undefined;
    }
    // Never echo the body: it could hold a value. Only recognise "not found".
    if (response.status === 404 || /ParameterNotFound/.test(text)) return undefined;
    throw new ParameterReadError(`the extension answered HTTP ${response.status}`);
  };
}
