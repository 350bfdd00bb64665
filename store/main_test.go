package store

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine (the writer, or
// database/sql's connection opener) outlives them.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
