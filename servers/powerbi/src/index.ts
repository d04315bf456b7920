// Public API of @entra-mcp/powerbi: any new export here is public.
export { powerBiApi } from "./description.js";
