// Public API of @entra-mcp/release (test plumbing): any new export here is public.
export {};
