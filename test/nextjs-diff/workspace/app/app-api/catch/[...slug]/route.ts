export const runtime = 'edge';
export async function GET(_req: Request, ctx: { params: Promise<{ slug: string[] }> }) {
  return Response.json(await ctx.params);
}
