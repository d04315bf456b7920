// Query parameters that can carry credentials or one-time codes (authorize responses,
// device login links, SAS-style signatures). Their values never reach the log.
const SECRET_PARAMS = new Set([
  "code",
  "otc",
  "user_code",
  "device_code",
  "client_secret",
  "client_assertion",
  "assertion",
  "refresh_token",
  "access_token",
  "id_token",
  "code_verifier",
  "password",
  "sig",
  "token",
]);

/** Returns path + query with the values of secret-bearing parameters replaced. */
export function redactPath(url: URL): string {
  if (!url.search) return url.pathname;
  const params = new URLSearchParams(url.search);
  for (const name of [...params.keys()]) {
    if (SECRET_PARAMS.has(name.toLowerCase())) params.set(name, "REDACTED");
  }
  return `${url.pathname}?${params.toString()}`;
}
