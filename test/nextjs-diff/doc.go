// Package nextjsdiff is the differential test of Edgeplay against real
// Next.js (issue 6): the workspace in ./workspace is served by `next start`
// (and `next dev`) and by `edgeplay serve`, the same table of requests is
// sent to both, and their answers (status line, headers, body) are
// compared. Differences fail the test unless allowlist.json lists them with
// a reason.
//
// The test needs Node.js and npm and the network access `npm ci` needs on
// first run, so it runs only when EDGEPLAY_NEXT_DIFF=1; see README.md.
package nextjsdiff
