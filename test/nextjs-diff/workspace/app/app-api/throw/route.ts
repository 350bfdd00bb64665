export const runtime = 'edge';
export function GET() {
  throw new Error('boom from app route');
}
