// Public API of @entra-mcp/powerplatform: any new export here is public.
export { powerPlatformApi } from "./description.js";
