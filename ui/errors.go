package ui

import (
	"context"
	"errors"

	"github.com/follicle/follicle/index"
)

// userError turns an error into the one line the status bar shows. It is
// the single place where errors become user text.
func userError(err error) string {
	var qe *index.QueryError
	switch {
	case errors.As(err, &qe):
		return qe.Error() + " · previous results kept"
	case errors.Is(err, context.Canceled):
		return "search cancelled"
	default:
		return "search failed: " + oneLine(err.Error())
	}
}
