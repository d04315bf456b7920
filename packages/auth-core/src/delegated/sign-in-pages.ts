/** The pages MSAL's loopback server shows in the browser after sign-in. */

export const SIGN_IN_SUCCESS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signed in - entra-mcp</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;color:#1b1b1b}h1{font-size:1.4rem}</style></head>
<body><h1>You are signed in to entra-mcp.</h1>
<p>You can close this tab and go back to your assistant. Your sign-in is remembered in an encrypted cache on this computer, so every entra-mcp server can use it without asking again.</p></body></html>`;

export const SIGN_IN_ERROR_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in failed - entra-mcp</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;color:#1b1b1b}h1{font-size:1.4rem}</style></head>
<body><h1>Sign-in to entra-mcp did not complete.</h1>
<p>Go back to your assistant: the error and how to fix it are shown there. Running <code>npx -y @entra-mcp/cli doctor</code> checks the app registration step by step.</p></body></html>`;
