export const config = { runtime: 'edge' };
// No default export (R-HANDLER-2): the build only warns.
export function notTheHandler() {
  return new Response('never');
}
