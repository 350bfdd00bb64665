export const config = { runtime: 'edge' };
// undefined is not an error (R-HANDLER-3).
export default function handler() {
  return undefined as any;
}
