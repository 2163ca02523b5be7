package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/breachdesk/breachdesk/internal/app"
)

func (p *program) version(_ context.Context, args []string) error {
	f := p.newFlags("version", "", "Prints the version of breachdesk and of the Go it was built with.")
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("version", "version takes no arguments, but got %q", rest[0])
	}
	fmt.Fprintf(p.stdout, "breachdesk %s (%s, %s/%s)\n", app.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
