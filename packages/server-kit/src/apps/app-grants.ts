/**
 * What the model opened in this server session. An app-only tool serves only what a model-visible tool
 * granted first, so a view (or anything else speaking the bridge) cannot ask for another item on its own.
 * One store per MCP server instance: a new session starts with nothing granted.
 */
export class AppGrants {
  private readonly granted = new Map<string, Record<string, unknown>>();

  /** Records that `key` was opened, with what the view should get with it (e.g. page, filters). */
  grant(key: string, details: Record<string, unknown> = {}): void {
    this.granted.set(key.toLowerCase(), details);
  }

  /** The details granted with `key`, or undefined when nothing in this session opened it. */
  lookup(key: string): Record<string, unknown> | undefined {
    return this.granted.get(key.toLowerCase());
  }
}
