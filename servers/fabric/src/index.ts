// Public API of @entra-mcp/fabric: any new export here is public.
export { fabricApi } from "./description.js";
