package webapi

import "testing"

func TestSmoke(t *testing.T) {
	runCases(t, []jsCase{
		{src: `typeof fetch + typeof Headers + typeof URL`, want: "functionfunctionfunction"},
		{src: `new URL('../a?b=c d', 'http://EX.com/x/y').href`, want: "http://ex.com/a?b=c%20d"},
	})
}
