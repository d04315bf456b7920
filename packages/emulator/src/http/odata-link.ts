/**
 * Builds an OData next link the way Graph and Dataverse write them: `$` option names and the
 * OData punctuation in values ( ' ( ) , : ) stay literal; everything else is percent-encoded.
 * (URLSearchParams would write `%24top`, which clients accept but the services never send.)
 */
export function odataLink(base: string, params: Iterable<[string, string]>): string {
  const query = [...params]
    .map(([name, value]) => `${encodeOptionName(name)}=${encodeOptionValue(value)}`)
    .join("&");
  return query ? `${base}?${query}` : base;
}

const encodeOptionName = (name: string) => (/^\$?[\w-]+$/.test(name) ? name : encodeURIComponent(name));

const encodeOptionValue = (value: string) =>
  encodeURIComponent(value).replace(/%24|%27|%28|%29|%2C|%3A/g, (encoded) => decodeURIComponent(encoded));
