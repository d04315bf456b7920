/**
 * The host name of the emulated app.powerbi.com. powerbi-client refuses embed URLs outside
 * *.powerbi.com (validateEmbedUrl), so the embed page is served under the real name on the
 * emulator's own port, and a test browser resolves it to 127.0.0.1.
 */
export const POWER_BI_APP_HOST = "app.powerbi.com";
