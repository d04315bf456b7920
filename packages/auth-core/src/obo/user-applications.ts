/**
 * One MSAL ConfidentialClientApplication per user partition, kept in a bounded LRU map. Why per user:
 * MSAL's DistributedCachePlugin loads one partition into an application's in-memory cache, so an
 * application shared by users would hold several users' tokens at once; with one per user, an
 * application can only ever find that user's tokens (the partition key is fixed at creation).
 */
import type { ConfidentialClientApplication } from "@azure/msal-node";

export class UserApplications {
  private readonly apps = new Map<string, ConfidentialClientApplication>();

  constructor(
    private readonly create: (partition: string) => Promise<ConfidentialClientApplication>,
    private readonly max = 1000,
  ) {}

  async get(partition: string): Promise<ConfidentialClientApplication> {
    const found = this.apps.get(partition);
    if (found) {
      this.apps.delete(partition);
      this.apps.set(partition, found);
      return found;
    }
    const app = await this.create(partition);
    this.apps.set(partition, app);
    // Least recently used first out; its tokens are still in the shared store.
    while (this.apps.size > this.max) this.apps.delete(this.apps.keys().next().value as string);
    return app;
  }
}
