/**
 * Retries a write that Azure rejects only because a just-created object has not replicated yet
 * (a new app, service principal or user is not visible everywhere at once). Bounded.
 */
export async function retryWhile<T>(
  action: () => Promise<T>,
  transient: (error: unknown) => boolean,
  { attempts = 6, delayMs = 5000 }: { attempts?: number; delayMs?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= attempts || !transient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
