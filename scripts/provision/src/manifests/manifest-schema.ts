/** The shape of servers/<name>/permissions.{app,delegated}.json (server-kit's PermissionManifest). */
import { z } from "zod";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const manifestSchema = z
  .object({
    resources: z.array(
      z
        .object({
          resource: z.string().min(1, 'must name the resource API, e.g. "Microsoft Graph"'),
          resourceAppId: z.string().regex(GUID, "must be the resource API's appId (a GUID)"),
          permissions: z.array(z.string().min(1, "must not be empty")),
        })
        .strict(),
    ),
  })
  .strict();

export type Manifest = z.infer<typeof manifestSchema>;

/** `resources[0].permissions[2]` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    text += typeof part === "number" ? `[${part}]` : `${text ? "." : ""}${String(part)}`;
  }
  return text || "(root)";
}
