/** How the spec suite calls one curated operation against the emulator's default seed. */
export interface SpecSample {
  /**
   * Tool arguments (as a model would send them) that succeed against the emulator's default seed.
   * "{{dot.path}}" in a string is replaced by that value of the emulator's default tenant (`user.upn`,
   * `user.oid`, `spObjectId`, ...), of its URLs (`urls.dataverse`), its default `domain`
   * ("miriamg@{{domain}}"), or `servicePrincipalOf.<appId>` (a service principal's object ID): the
   * values that change from run to run.
   */
  args: Record<string, unknown>;
  /** Auth mode of the call; default the operation's `mode`, else "app". */
  mode?: "app" | "delegated";
  /** Why the response body is not checked against the spec (e.g. "202 with no body"); omit to check it. */
  skipBody?: string;
  /**
   * More argument sets for query()/headers() only (not sent): optional branches the generated
   * variants miss (the suite already tries each optional argument set on its own).
   */
  branches?: Record<string, unknown>[];
  /**
   * A call made first, when this one needs something the seed does not have (e.g. a job instance):
   * another curated tool of the same server with its sample, whose response gives args of this one.
   */
  after?: {
    tool: string;
    pick: (response: { status: number; headers: Headers; body: unknown }) => Record<string, unknown>;
  };
}

/** Per tool name: the sample call. The suite fails for a curated operation without one. */
export type SpecSamples = Record<string, SpecSample>;
