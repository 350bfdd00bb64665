import { NextResponse } from 'next/server'
import type { NextRequest } from 'next/server'

export const config = {
  // Added by Edgeplay: without `runtime: 'edge'` this is a Node.js API route,
  // and `regions` alone does not select the Edge Runtime (SPEC R-ROUTE-5).
  runtime: 'edge',
  regions: ['sfo1', 'iad1'], // defaults to 'all'
}

// Added by Edgeplay: the docs' snippet calls getNearbyData() without defining
// it. This stand-in returns what a handler placed near its data might read;
// replace it with a fetch to your database's HTTP API.
async function getNearbyData() {
  return {
    source: 'nearby-data',
    items: [
      { id: 1, city: 'San Francisco' },
      { id: 2, city: 'Washington, D.C.' },
    ],
  }
}

export default async function handler(req: NextRequest) {
  const myData = await getNearbyData()
  return NextResponse.json(myData)
}
