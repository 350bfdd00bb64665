export const config = { runtime: 'edge' };
export default function handler() {
  return 'a string' as any;
}
