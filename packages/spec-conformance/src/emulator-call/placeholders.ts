/** Sample args hold values that change per emulator run as {{placeholders}}; this fills them in. */
import type { TestEmulator } from "@entra-mcp/test-support";

/**
 * "{{user.upn}}" -> that value of the emulator's tenant; "{{urls.dataverse}}" -> one of its URLs;
 * "{{domain}}" -> the tenant's default domain ("miriamg@{{domain}}"); "{{servicePrincipalOf.<appId>}}"
 * -> the object ID of that app's service principal (e.g. Microsoft Graph's, a resource).
 */
export function fillPlaceholders(args: Record<string, unknown>, t: TestEmulator): Record<string, unknown> {
  const source: Record<string, unknown> = {
    ...(t.emulator.tenant as unknown as Record<string, unknown>),
    urls: t.emulator.urls,
    domain: t.emulator.directory.tenant.defaultDomain,
  };
  const lookup = (path: string): unknown => {
    const sp = /^servicePrincipalOf\.(.+)$/.exec(path);
    if (sp) return t.emulator.directory.servicePrincipalOf(sp[1] as string)?.objectId;
    return path
      .split(".")
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], source);
  };
  const resolve = (name: string, value: string): unknown => {
    const found = lookup(name);
    if (found === undefined)
      throw new Error(`sample placeholder {{${name}}} in "${value}" names nothing in the emulator tenant`);
    return found;
  };
  const fillValue = (value: unknown): unknown => {
    if (typeof value === "string") {
      const whole = /^\{\{([\w.-]+)\}\}$/.exec(value);
      if (whole) return resolve(whole[1] as string, value);
      return value.replace(/\{\{([\w.-]+)\}\}/g, (_, name: string) => String(resolve(name, value)));
    }
    if (Array.isArray(value)) return value.map(fillValue);
    return value;
  };
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, fillValue(v)]));
}
